/** Scanner fingerprinting: tool signatures, and the behaviour that gives away a spoofed one. */
package io.bulwark.inspection.scanner;
