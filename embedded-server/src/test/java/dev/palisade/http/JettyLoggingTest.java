package dev.palisade.http;

import org.eclipse.jetty.logging.JettyLevel;
import org.eclipse.jetty.logging.JettyLoggerConfiguration;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's logging of Jetty (its main resource, which the tests' own shadows): the warnings that write a caller's
 * text once a request, unthrottled, are off; Jetty's others stay. An outside test (session 53) sent a second Host
 * header of 4 KB: each such request, refused 400, added 8 KB to the log.
 */
class JettyLoggingTest {

    @Test
    void theWarningsThatRepeatACallersTextAreOffAndTheServersOwnStay() throws Exception {
        URL shipped = Collections.list(getClass().getClassLoader().getResources("jetty-logging.properties")).stream()
                .filter(u -> u.getPath().contains("/classes/")).findFirst().orElseThrow();
        Properties props = new Properties();
        try (InputStream in = shipped.openStream()) {
            props.load(in);
        }
        JettyLoggerConfiguration config = new JettyLoggerConfiguration(props);
        for (String flood : new String[] {"org.eclipse.jetty.http.HttpParser", "org.eclipse.jetty.util.HostPort"}) {
            assertThat(config.getLevel(flood)).as(flood).isEqualTo(JettyLevel.ERROR);
        }
        assertThat(config.getLevel("org.eclipse.jetty.server.Server").includes(JettyLevel.WARN)).isTrue();
        assertThat(config.getLevel("org.eclipse.jetty.http.HttpGenerator").includes(JettyLevel.WARN)).isTrue();
    }
}
