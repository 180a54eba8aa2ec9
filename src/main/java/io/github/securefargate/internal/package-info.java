/** Helpers shared by the constructs. Not part of the public API: anything here may change in any release. */
package io.github.securefargate.internal;
