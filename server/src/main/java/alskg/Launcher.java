package alskg;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs embedded Neo4j Community with a Bolt connector on 127.0.0.1 until SIGTERM.
 *
 * <p>Started (detached) by kg/neo4j_server.py, which redirects stdout/stderr to a log file
 * and waits for {@link #READY} to appear there. The marker lines are a contract with that
 * module: change them in both places or not at all.
 *
 * <p>Usage: {@code java ... alskg.Launcher <home-dir> <bolt-port> <pagecache-size> [--auth]}
 *
 * <p>Without {@code --auth} the server runs with authentication disabled (the default
 * for this loopback-only dev server). With {@code --auth} Neo4j's native authentication
 * is on: on a fresh data dir the only user is {@code neo4j} with password {@code neo4j},
 * which must be changed (ALTER CURRENT USER ... on the system database) before anything
 * else can run. Used by the tests of wrong-credential messages.
 */
public final class Launcher {
    static final String READY = "ALSKG_NEO4J_READY";
    static final String FAILED = "ALSKG_NEO4J_FAILED";
    static final String STOPPED = "ALSKG_NEO4J_STOPPED";
    static final String AUTH_FLAG = "--auth";

    // Generous: a large store may need crash recovery before it becomes available, and the
    // Python side enforces its own (user-configurable) start-up timeout anyway.
    private static final Duration AVAILABILITY_TIMEOUT = Duration.ofMinutes(30);

    private Launcher() {}

    public static void main(String[] args) {
        if (args.length < 3 || args.length > 4 || (args.length == 4 && !AUTH_FLAG.equals(args[3]))) {
            fail("usage: alskg.Launcher <home-dir> <bolt-port> <pagecache-size> [" + AUTH_FLAG + "]",
                    null);
            return;
        }
        boolean auth = args.length == 4;
        Path home;
        int port;
        long pagecache;
        try {
            home = Path.of(args[0]).toAbsolutePath();
            port = Integer.parseInt(args[1]);
            pagecache = ByteUnit.parse(args[2]);
        } catch (RuntimeException e) {
            fail("bad arguments " + String.join(" ", args) + ": " + e.getMessage(), null);
            return;
        }

        // Registered up front so any SIGTERM after build() returns (also while the default
        // database is still coming up) checkpoints and releases the store. A SIGTERM during
        // build() itself just exits; Neo4j recovers the store on the next start.
        AtomicReference<DatabaseManagementService> service = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DatabaseManagementService dbms = service.getAndSet(null);
            if (dbms != null) {
                System.out.println("alskg launcher: shutting down Neo4j");
                System.out.flush();
                dbms.shutdown();
                System.out.println(STOPPED);
                System.out.flush();
            }
        }, "alskg-neo4j-shutdown"));

        try {
            DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    // Off is already the embedded default; explicit because the CLI and the
                    // tests connect with auth=None to this loopback-only server. On only when
                    // asked for (--auth), e.g. to test how wrong credentials are reported.
                    .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    // Neo4j would otherwise size the page cache from total RAM, which on a
                    // shared dev box or CI runner can starve everything else.
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Preallocation reserves 256 MB of transaction log per database (~0.5 GB
                    // for an empty dir), too much for a dev server and for every test tmp dir.
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    // Bolt's Netty loops otherwise idle 5 s each (two loops) after the databases
                    // have already been checkpointed and stopped, which made every stop take
                    // ~12 s. Internal setting, but the Neo4j version is pinned in pom.xml.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    // Embedded Neo4j discards its user log by default; route it to stdout (our
                    // log file) so start-up problems are visible without digging in debug.log.
                    .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                    .build();
            service.set(dbms);

            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(AVAILABILITY_TIMEOUT.toMillis())) {
                fail("database '" + GraphDatabaseSettings.DEFAULT_DATABASE_NAME
                        + "' did not become available within " + AVAILABILITY_TIMEOUT, null);
                return;
            }
        } catch (Throwable t) {
            fail(rootMessage(t), t);
            return;
        }

        System.out.println(READY + " bolt://127.0.0.1:" + port);
        System.out.flush();

        // Nothing else to do: the JVM lives until a signal runs the shutdown hook.
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void fail(String message, Throwable cause) {
        if (cause != null) {
            cause.printStackTrace();
        }
        // Last line on purpose: the Python side reports it as the reason for the failure.
        System.out.println(FAILED + ": " + message);
        System.out.flush();
        // exit() runs the shutdown hook, which releases the store lock if the DBMS was built.
        System.exit(1);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.strip().replace('\n', ' '));
    }
}
