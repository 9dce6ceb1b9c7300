package dev.runstore.jdbc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ProbeScratchTest {
  @Test
  void probe() throws Exception {
    MySqlTestServers.Server server = MySqlTestServers.server();
    System.out.println("PROBE " + server.describe() + " tz=" + MySqlTestServers.sessionTimeZone());
    try (Connection c = server.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select version(), @@character_set_server, @@time_zone, @@sql_mode, current_user()")) {
      rs.next();
      System.out.println("PROBE " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5));
      assertThat(rs.getString(1)).isNotBlank();
    }
  }
}
