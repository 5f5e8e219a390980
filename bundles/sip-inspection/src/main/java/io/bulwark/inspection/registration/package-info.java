/** Registration hijacking and malicious de-registration: who registered an address-of-record keeps it. */
package io.bulwark.inspection.registration;
