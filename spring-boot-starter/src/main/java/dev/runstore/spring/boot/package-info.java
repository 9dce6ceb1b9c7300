/**
 * Spring Boot auto-configuration for runstore: {@link dev.runstore.spring.boot.RunstoreAutoConfiguration}.
 */
@NullMarked
package dev.runstore.spring.boot;

import org.jspecify.annotations.NullMarked;
