/** An example Spring Boot application serving a console's run list from runstore. */
@NullMarked
package dev.runstore.example;

import org.jspecify.annotations.NullMarked;
