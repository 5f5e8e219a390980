package io.bulwark.admin.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.osgi.framework.Bundle;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The {@code min} and {@code max} of each attribute, read from a bundle's metatype XML
 * ({@code OSGI-INF/metatype/*.xml}, Metatype 1.2+). The MetaType service checks them inside
 * {@code validate()} but does not expose them, and the API must name the bound a value broke.
 */
final class MetatypeBounds {

    /**
     * @param min the lower bound, or null
     * @param max the upper bound, or null
     */
    record Bounds(String min, String max) {
    }

    private MetatypeBounds() {
    }

    /**
     * @param bundle a bundle
     * @return OCD id to attribute id to bounds
     */
    static Map<String, Map<String, Bounds>> of(Bundle bundle) {
        Map<String, Map<String, Bounds>> out = new HashMap<>();
        Enumeration<URL> files = bundle.findEntries("OSGI-INF/metatype", "*.xml", false);
        while (files != null && files.hasMoreElements()) {
            URL url = files.nextElement();
            try (InputStream in = url.openStream()) {
                read(parser().parse(in), out);
            } catch (IOException | SAXException | ParserConfigurationException e) {
                // A bundle's own metatype is well-formed or the MetaType service rejects it too;
                // without bounds, validation still checks types and options.
                continue;
            }
        }
        return out;
    }

    private static void read(Document doc, Map<String, Map<String, Bounds>> out) {
        NodeList ocds = doc.getElementsByTagName("OCD");
        for (int i = 0; i < ocds.getLength(); i++) {
            Element ocd = (Element) ocds.item(i);
            Map<String, Bounds> ads = out.computeIfAbsent(ocd.getAttribute("id"), k -> new HashMap<>());
            NodeList list = ocd.getElementsByTagName("AD");
            for (int j = 0; j < list.getLength(); j++) {
                Element ad = (Element) list.item(j);
                String min = ad.getAttribute("min");
                String max = ad.getAttribute("max");
                if (!min.isEmpty() || !max.isEmpty()) {
                    ads.put(ad.getAttribute("id"), new Bounds(min.isEmpty() ? null : min, max.isEmpty() ? null : max));
                }
            }
        }
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }
}
