/** Per-zone SIP policy: the methods, Request-URI schemes and domains each zone may send. */
package io.bulwark.inspection.policy;
