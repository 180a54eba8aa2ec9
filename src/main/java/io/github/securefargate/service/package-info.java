/** Load-balanced Fargate service with production defaults. */
package io.github.securefargate.service;
