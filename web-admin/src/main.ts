// Fonts are bundled (no CDN): Latin and Latin Extended subsets of Inter.
import '@fontsource/inter/latin-400.css';
import '@fontsource/inter/latin-500.css';
import '@fontsource/inter/latin-600.css';
import '@fontsource/inter/latin-700.css';
import '@fontsource/inter/latin-ext-400.css';
import '@fontsource/inter/latin-ext-600.css';
import './styles.css';
import { start } from './app';

const app = document.getElementById('app');
if (app) start(app);
