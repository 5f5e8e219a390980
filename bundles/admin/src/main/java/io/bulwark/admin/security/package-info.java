/**
 * Security of the admin plane: accounts with Argon2id passwords, the first-start setup token,
 * sessions with CSRF tokens, bearer tokens, login throttling and account lockout.
 */
package io.bulwark.admin.security;
