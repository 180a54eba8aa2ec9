/** The example app and stacks: how the constructs compose. Not part of the library's API. */
package io.github.securefargate.examples;
