/**
 * Directory harvesting: many distinct users refused or challenged for one source or network, and
 * uniform answers to unauthenticated REGISTERs so that an enumeration learns nothing.
 */
package io.bulwark.inspection.harvest;
