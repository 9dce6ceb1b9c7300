/** The service-provider interface through which backends register with the factory. */
@NullMarked
package dev.runstore.spi;

import org.jspecify.annotations.NullMarked;
