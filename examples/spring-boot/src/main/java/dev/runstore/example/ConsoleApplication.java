package dev.runstore.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Dify-like console's backend: the run list of an app, page by page. */
@SpringBootApplication
public class ConsoleApplication {

  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(ConsoleApplication.class, args);
  }
}
