/** Password guessing: failed digest authentications per source, and per user across sources. */
package io.bulwark.inspection.auth;
