package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import io.herald.bench.proc.Child;
import io.herald.bench.proc.ScratchDir;
import io.herald.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * nchan (Debian's {@code nginx} with {@code libnginx-mod-nchan}) as the peer: subscribers open a
 * WebSocket on {@code /sub/<channel>}, the publisher POSTs to {@code /pub/<channel>}. Two worker
 * processes (one per core, as the edge has two event loops), each allowed 20,000 connections;
 * channels keep their last 1,000 messages for 180 s, as the edge's cache does by default.
 */
public final class Nchan implements Server {
    static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_nchan_module.so");
    private final Child nginx;
    private final int port;
    private final ScratchDir dir;

    private Nchan(Child nginx, int port, ScratchDir dir) {
        this.nginx = nginx;
        this.port = port;
        this.dir = dir;
    }

    /** Whether nginx and the nchan module are installed. */
    public static boolean installed() {
        return Files.isRegularFile(MODULE) && Files.isExecutable(Path.of("/usr/sbin/nginx"));
    }

    public static Nchan start(Path logs) throws Exception {
        if (!installed()) {
            throw new IllegalStateException(
                    "nchan is not installed: apt-get install nginx libnginx-mod-nchan");
        }
        int port = FreePorts.next();
        ScratchDir scratch = new ScratchDir("bench-nchan");
        Path dir = scratch.path();
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("nginx.conf"), config(dir, port));
        Child nginx =
                Child.start(
                        "nchan",
                        List.of(
                                "/usr/sbin/nginx",
                                "-p",
                                dir.toString(),
                                "-e",
                                dir.resolve("logs/error.log").toString(),
                                "-c",
                                dir.resolve("nginx.conf").toString()),
                        logs.resolve("nchan.log"));
        try {
            Http.awaitOk("http://127.0.0.1:" + port + "/ok", Duration.ofSeconds(30));
        } catch (Exception | Error e) {
            nginx.close();
            scratch.close();
            throw e;
        }
        return new Nchan(nginx, port, scratch);
    }

    static String config(Path dir, int port) {
        return """
                load_module %s;
                daemon off;
                master_process on;
                worker_processes 2;
                worker_rlimit_nofile 20000;
                pid %s/nginx.pid;
                error_log %s/logs/error.log warn;
                events {
                  worker_connections 20000;
                  multi_accept on;
                }
                http {
                  access_log off;
                  client_body_temp_path %s/tmp-body;
                  proxy_temp_path %s/tmp-proxy;
                  fastcgi_temp_path %s/tmp-fastcgi;
                  uwsgi_temp_path %s/tmp-uwsgi;
                  scgi_temp_path %s/tmp-scgi;
                  nchan_shared_memory_size 512M;
                  server {
                    listen 127.0.0.1:%d backlog=4096;
                    location = /ok { return 200 "ok"; }
                    location ~ ^/sub/(.+)$ {
                      nchan_subscriber websocket;
                      nchan_channel_id $1;
                    }
                    location ~ ^/pub/(.+)$ {
                      nchan_publisher http;
                      nchan_channel_id $1;
                      nchan_message_buffer_length 1000;
                      nchan_message_timeout 180s;
                    }
                  }
                }
                """
                .formatted(MODULE, dir, dir, dir, dir, dir, dir, dir, port);
    }

    @Override
    public String name() {
        return "nchan";
    }

    @Override
    public GeneratorSpec.Protocol protocol() {
        return GeneratorSpec.Protocol.CHANNEL;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public List<Long> pids() {
        return nginx.pids();
    }

    @Override
    public Publisher publisher() {
        return new HttpPostPublisher(port);
    }

    @Override
    public void close() {
        nginx.close();
        dir.close();
    }
}
