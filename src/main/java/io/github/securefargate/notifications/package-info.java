/** Encrypted, TLS-only notification topics used for operational alerts. */
package io.github.securefargate.notifications;
