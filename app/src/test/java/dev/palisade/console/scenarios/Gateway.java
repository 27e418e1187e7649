package dev.palisade.console.scenarios;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx, Caddy or HAProxy from Debian's packages, started on a free loopback port with the
 * configuration shipped in docs/gateways/ (docs/cluster/ for HAProxy), its example addresses replaced
 * by the test's own.
 */
final class Gateway implements AutoCloseable {

    /** The example addresses in the shipped files, and what each is. */
    static final String PALISADE_API = "127.0.0.1:8080";
    static final String PALISADE_DECIDE = "127.0.0.1:8082";
    static final String APP = "127.0.0.1:3000";

    private final Process process;
    private final int port;
    private final Path log;

    private Gateway(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    String url() { return "http://127.0.0.1:" + port; }

    /** What is missing to run {@code binary}, or null when it is installed. */
    static String missing(String binary) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, binary))) return null;
        }
        return binary + " is not installed (Debian package " + binary + "; .ci/run installs it)";
    }

    private static String executable(String binary) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, binary))) return dir + "/" + binary;
        }
        throw new IllegalStateException(missing(binary));
    }

    /** The shipped file with the test's addresses; fails if the file no longer has the example addresses. */
    static String shipped(String name, Map<String, String> replacements) throws IOException {
        return shipped(Path.of("..", "docs", "gateways", name), replacements);
    }

    private static String shipped(Path file, Map<String, String> replacements) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            if (!text.contains(r.getKey())) throw new IllegalStateException(file + " no longer contains " + r.getKey());
            text = text.replace(r.getKey(), r.getValue());
        }
        return text;
    }

    static Gateway nginx(Path dir, int api, int decide, int app) throws Exception {
        int port = freePort();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("palisade.conf"), shipped("nginx.conf", Map.of(
                "listen 80;", "listen 127.0.0.1:" + port + ";",
                PALISADE_API, "127.0.0.1:" + api, PALISADE_DECIDE, "127.0.0.1:" + decide, APP, "127.0.0.1:" + app)));
        String root = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Files.writeString(dir.resolve("nginx.conf"), root + "daemon off;\nworker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + " warn;\nevents { worker_connections 512; }\n"
                + "http {\n  access_log off;\n  client_body_temp_path " + dir.resolve("body") + ";\n"
                + "  proxy_temp_path " + dir.resolve("proxy") + ";\n  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n"
                + "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n  scgi_temp_path " + dir.resolve("scgi") + ";\n"
                + "  include " + dir.resolve("palisade.conf") + ";\n}\n");
        Path log = dir.resolve("error.log");
        Process p = new ProcessBuilder(executable("nginx"), "-e", log.toString(), "-p", dir.toString(),
                "-c", dir.resolve("nginx.conf").toString()).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        return started(p, port, log);
    }

    static Gateway caddy(Path dir, int api, int decide, int app) throws Exception {
        int port = freePort();
        Files.createDirectories(dir);
        String site = shipped("Caddyfile", Map.of(":80 {", "http://127.0.0.1:" + port + " {",
                PALISADE_API, "127.0.0.1:" + api, PALISADE_DECIDE, "127.0.0.1:" + decide, APP, "127.0.0.1:" + app));
        Files.writeString(dir.resolve("Caddyfile"), "{\n\tadmin off\n\tauto_https off\n}\n\n" + site);
        Path log = dir.resolve("caddy.log");
        ProcessBuilder pb = new ProcessBuilder(executable("caddy"), "run", "--config", dir.resolve("Caddyfile").toString(),
                "--adapter", "caddyfile").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        return started(pb.start(), port, log);
    }

    /** HAProxy with docs/cluster/haproxy.cfg, in front of three nodes' API ports. */
    static Gateway haproxy(Path dir, int node1, int node2, int node3) throws Exception {
        int port = freePort();
        Files.createDirectories(dir);
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, shipped(Path.of("..", "docs", "cluster", "haproxy.cfg"), Map.of(
                "127.0.0.1:8000", "127.0.0.1:" + port, "127.0.0.1:8080", "127.0.0.1:" + node1,
                "127.0.0.1:8090", "127.0.0.1:" + node2, "127.0.0.1:8100", "127.0.0.1:" + node3)));
        Path log = dir.resolve("haproxy.log");
        Process p = new ProcessBuilder(executable("haproxy"), "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return started(p, port, log);
    }

    private static Gateway started(Process p, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("the gateway stopped: " + tail(log));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new Gateway(p, port, log);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("the gateway did not listen on " + port + " within 20 s: " + tail(log));
    }

    String log() { return tail(log); }

    private static String tail(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "(no log)";
            return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
}
