/*
 * A development Neo4j Community server: the embedded engine with its Bolt connector on
 * a loopback port, authentication on. Started (and stopped) by scripts/neo4j-dev; run with
 * the JDK's single-file source launcher on the classpath Maven resolves from pom.xml.
 *
 * Usage: java -cp CLASSPATH Neo4jDev.java HOME_DIR BOLT_PORT PASSWORD_FILE
 *
 * The password is read from PASSWORD_FILE (never from the command line, which `ps` shows)
 * and set for the user `neo4j` at every start, so the data folder and the password file can
 * never disagree. The server runs until the process gets SIGTERM or SIGINT; the shutdown
 * hook closes the databases cleanly.
 */

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;

public class Neo4jDev {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Neo4jDev HOME_DIR BOLT_PORT PASSWORD_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
        if (password.length() < 8) {
            throw new IllegalArgumentException(args[2] + ": password must have 8 or more characters");
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, 256L * 1024 * 1024)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j-dev: shutting down");
            dbms.shutdown();
            stopped.countDown();
        }));

        setPassword(dbms, password);
        System.out.println("neo4j-dev: Neo4j " + neo4jVersion(dbms) + " ready, Bolt on 127.0.0.1:" + port);
        stopped.await();
    }

    /** Sets the password of `neo4j`; the same password as before is not an error. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (QueryExecutionException e) {
            if (!e.getMessage().contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    private static String neo4jVersion(DatabaseManagementService dbms) {
        return dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "CALL dbms.components() YIELD versions RETURN versions[0] AS v",
                Map.of(), result -> String.valueOf(result.next().get("v")));
    }
}
