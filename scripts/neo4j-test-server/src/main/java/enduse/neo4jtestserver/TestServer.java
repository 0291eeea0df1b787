// Starts a throwaway Neo4j 5 (community, auth off, Bolt only) on a free loopback port and prints its URI.
package enduse.neo4jtestserver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Usage: {@code java -cp ... enduse.neo4jtestserver.TestServer [--ignore-stdin] [--import-from DIR]}.
 *
 * <p>Prints exactly one line {@code NEO4J_URI=bolt://127.0.0.1:PORT} on stdout once Bolt accepts
 * connections, then runs until SIGTERM/SIGINT or, unless {@code --ignore-stdin} is given, until its
 * stdin closes (so a test runner that dies takes the server with it). The store lives in a temp
 * folder that is deleted on exit. Diagnostics go to stderr; stdout carries only the URI line.
 *
 * <p>With {@code --import-from DIR}, the database is first created from the bulk-import files of
 * {@code enduse export --format neo4j-admin --out DIR} by Neo4j's own importer (the code behind
 * {@code neo4j-admin database import full}, in the harness's jars), with the arguments the export
 * wrote to {@code DIR/neo4j-admin-import.args}.
 */
public final class TestServer {
    private static final String IGNORE_STDIN = "--ignore-stdin";
    private static final String IMPORT_FROM = "--import-from";
    private static final String IMPORT_ARGS_FILE = "neo4j-admin-import.args";
    // The importer takes 90% of the machine's memory by default; a test server shares the machine.
    private static final String IMPORT_MEMORY = "--max-off-heap-memory=2g";
    private static final String WORKING_DIRECTORY_PREFIX = "enduse-neo4j-";
    private static final String IN_USE_MARKER = "in-use.lock";
    private static final Duration MARKER_GRACE = Duration.ofMinutes(10);

    // A static reference: an unreachable channel would be closed by its cleaner, releasing the lock.
    private static FileLock workingDirectoryInUse;

    private TestServer() {}

    public static void main(String[] args) throws Exception {
        List<String> options = new ArrayList<>();
        Path importFrom = null;
        for (int index = 0; index < args.length; index++) {
            if (args[index].equals(IMPORT_FROM) && index + 1 < args.length) {
                importFrom = Path.of(args[++index]).toAbsolutePath();
            } else if (args[index].equals(IGNORE_STDIN)) {
                options.add(IGNORE_STDIN);
            } else {
                System.err.println("Unknown option " + args[index] + "; usage: TestServer [" + IGNORE_STDIN + "] [" + IMPORT_FROM + " DIR]");
                System.exit(2);
            }
        }

        deleteAbandonedWorkingDirectories();
        Path workingDirectory = Files.createTempDirectory(WORKING_DIRECTORY_PREFIX);
        // Held until this JVM exits, however it exits; a later launcher that can take it knows the folder is abandoned.
        workingDirectoryInUse = FileChannel.open(
                        workingDirectory.resolve(IN_USE_MARKER), StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                .lock();
        CountDownLatch stopped = new CountDownLatch(1);
        Neo4j[] running = new Neo4j[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                synchronized (running) {
                    if (running[0] != null) {
                        running[0].close();
                        running[0] = null;
                    }
                }
            } catch (RuntimeException closeFailure) {
                System.err.println("Neo4j did not shut down cleanly: " + closeFailure);
            } finally {
                deleteRecursively(workingDirectory);
                stopped.countDown();
            }
        }, "neo4j-test-server-shutdown"));

        Path dataDirectory = null;
        if (importFrom != null) {
            Path importHome = workingDirectory.resolve("imported");
            long importStarted = System.nanoTime();
            int exitCode = importDatabase(importFrom, importHome);
            // Read by the loading benchmark: the importer's whole run, JVM-internal start included.
            System.err.println("neo4j-test-server: importer finished in " + elapsedMillis(importStarted) + " ms" + cpuSoFar());
            if (exitCode != 0) {
                System.err.println("neo4j-admin database import full failed (exit code " + exitCode + ") on the files in " + importFrom);
                System.exit(1);
                return;
            }
            dataDirectory = importHome.resolve("data");
        }

        Neo4j neo4j;
        long startStarted = System.nanoTime();
        try {
            var builder = Neo4jBuilders.newInProcessBuilder(workingDirectory);
            if (dataDirectory != null) {
                builder = builder.withConfig(GraphDatabaseSettings.data_directory, dataDirectory);
            }
            neo4j = builder
                    // HTTP (and with it Jetty and the browser) is not needed: drivers speak Bolt.
                    .withDisabledServer()
                    // Port 0 lets the OS pick a free port; the harness reports the bound one.
                    .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                    .withConfig(GraphDatabaseSettings.auth_enabled, false)
                    .withConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes())
                    // Netty's default 5 s quiet period, paid twice, made every stop take 12 s.
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                    .build();
        } catch (RuntimeException startFailure) {
            System.err.println("Neo4j failed to start: " + startFailure);
            startFailure.printStackTrace();
            System.exit(1);
            return;
        }
        synchronized (running) {
            running[0] = neo4j;
        }
        System.err.println("neo4j-test-server: database started in " + elapsedMillis(startStarted) + " ms" + cpuSoFar());

        int port = neo4j.boltURI().getPort();
        System.out.println("NEO4J_URI=bolt://127.0.0.1:" + port);
        System.out.flush();

        if (!options.contains(IGNORE_STDIN)) {
            exitWhenStdinCloses();
        }
        stopped.await();
    }

    /**
     * Runs the bulk importer into {@code home/data}; its progress goes to stderr. File names in the
     * argument file are relative to its folder.
     */
    private static int importDatabase(Path folder, Path home) throws IOException {
        Path argsFile = folder.resolve(IMPORT_ARGS_FILE);
        if (!Files.isRegularFile(argsFile)) {
            System.err.println(argsFile + " is missing: give a folder written by enduse export --format neo4j-admin");
            return 2;
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        // The database name first: --nodes and --relationships take every word after them as a file.
        List<String> command = new ArrayList<>(List.of("database", "import", "full", "neo4j", IMPORT_MEMORY, "--report-file=" + home.resolve("import.report")));
        for (String line : Files.readAllLines(argsFile)) {
            if (line.isBlank()) {
                continue;
            }
            int equals = line.indexOf('=');
            String option = equals < 0 ? line : line.substring(0, equals);
            boolean namesAFile = option.equals("--nodes") || option.equals("--relationships");
            command.add(namesAFile ? option + "=" + folder.resolve(line.substring(equals + 1)) : line);
        }
        return AdminTool.execute(new ExecutionContext(home, conf, System.err, System.err, System.in, new org.neo4j.io.fs.DefaultFileSystemAbstraction()), command.toArray(String[]::new));
    }

    /**
     * The page cache: {@code NEO4J_TEST_PAGE_CACHE_MB}, else 128 MiB (the harness default, 8 MiB,
     * thrashes on the realistic fixtures).
     */
    private static long pageCacheBytes() {
        String megabytes = System.getenv("NEO4J_TEST_PAGE_CACHE_MB");
        if (megabytes == null || megabytes.isBlank()) return 128L * 1024 * 1024;
        if (!megabytes.trim().matches("[1-9][0-9]{0,6}")) {
            System.err.println("error: NEO4J_TEST_PAGE_CACHE_MB: give the page cache in whole MiB (e.g. 128 or 1024), not '" + megabytes + "'");
            System.exit(2);
        }
        return Long.parseLong(megabytes.trim()) * 1024 * 1024;
    }

    /** This JVM's CPU time so far (all threads): wall times mean little on a shared machine. */
    private static String cpuSoFar() {
        return ProcessHandle.current().info().totalCpuDuration().map(cpu -> " (JVM CPU so far " + cpu.toMillis() + " ms)").orElse("");
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static void exitWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            byte[] buffer = new byte[256];
            try (InputStream stdin = System.in) {
                while (stdin.read(buffer) != -1) {
                    // Input is ignored; only end-of-stream matters.
                }
            } catch (IOException readFailure) {
                // A broken pipe means the parent is gone, same as end-of-stream.
            }
            System.exit(0);
        }, "neo4j-test-server-stdin");
        watcher.setDaemon(true);
        watcher.start();
    }

    // A launcher killed with SIGKILL cannot delete its store; the next launcher does.
    private static void deleteAbandonedWorkingDirectories() {
        Path tempRoot = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> candidates;
        try (Stream<Path> entries = Files.list(tempRoot)) {
            candidates = entries.filter(path -> path.getFileName().toString().startsWith(WORKING_DIRECTORY_PREFIX))
                    .filter(Files::isDirectory)
                    .toList();
        } catch (IOException listFailure) {
            System.err.println("Could not look for abandoned stores in " + tempRoot + ": " + listFailure);
            return;
        }
        for (Path candidate : candidates) {
            if (isAbandoned(candidate)) {
                deleteRecursively(candidate);
            }
        }
    }

    private static boolean isAbandoned(Path workingDirectory) {
        Path marker = workingDirectory.resolve(IN_USE_MARKER);
        try {
            if (!Files.exists(marker)) {
                // Either a launcher between creating the folder and its marker, or one that died right there.
                FileTime modified = Files.getLastModifiedTime(workingDirectory);
                return modified.toInstant().isBefore(Instant.now().minus(MARKER_GRACE));
            }
            try (FileChannel channel = FileChannel.open(marker, StandardOpenOption.WRITE);
                    FileLock lock = channel.tryLock()) {
                return lock != null;
            }
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException deleteFailure) {
                    System.err.println("Could not delete " + path + ": " + deleteFailure);
                }
            });
        } catch (IOException walkFailure) {
            System.err.println("Could not delete " + root + ": " + walkFailure);
        }
    }
}
