package org.muragat.solr;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;

/**
 * A development SolrCloud for Muragat, one process per role (started by {@code muragat solr start}).
 *
 * <ul>
 *   <li>{@code zk PORT DATA_DIR}: a standalone ZooKeeper on 127.0.0.1:PORT.
 *   <li>{@code node PORT SOLR_HOME ZK_HOST}: one Solr node (Solr's own Jetty runner, the same
 *       server classes a production node runs) on 127.0.0.1:PORT/solr, joined to ZK_HOST.
 * </ul>
 *
 * <p>Each role is its own JVM so that one node can be stopped, or killed with SIGKILL, while ZooKeeper
 * and the other nodes go on: the faults of a real cluster. A node stops cleanly on SIGTERM.
 */
public final class Launcher {
  private Launcher() {}

  private static final String SOLR_XML =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
          + "<solr>\n"
          + "  <int name=\"maxBooleanClauses\">${solr.max.booleanClauses:8192}</int>\n"
          + "  <solrcloud>\n"
          + "    <str name=\"host\">${host:127.0.0.1}</str>\n"
          + "    <int name=\"hostPort\">${hostPort:8983}</int>\n"
          + "    <str name=\"hostContext\">${hostContext:solr}</str>\n"
          + "    <bool name=\"genericCoreNodeNames\">${genericCoreNodeNames:true}</bool>\n"
          + "    <int name=\"zkClientTimeout\">${zkClientTimeout:15000}</int>\n"
          + "    <int name=\"distribUpdateSoTimeout\">${distribUpdateSoTimeout:600000}</int>\n"
          + "    <int name=\"distribUpdateConnTimeout\">${distribUpdateConnTimeout:10000}</int>\n"
          + "  </solrcloud>\n"
          + "  <shardHandlerFactory name=\"shardHandlerFactory\" class=\"HttpShardHandlerFactory\">\n"
          + "    <int name=\"socketTimeout\">${socketTimeout:600000}</int>\n"
          + "    <int name=\"connTimeout\">${connTimeout:5000}</int>\n"
          + "  </shardHandlerFactory>\n"
          + "</solr>\n";

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("zk")) {
      zookeeper(Integer.parseInt(args[1]), Paths.get(args[2]));
    } else if (args.length >= 4 && args[0].equals("node")) {
      node(Integer.parseInt(args[1]), Paths.get(args[2]), args[3]);
    } else {
      System.err.println("usage: Launcher zk PORT DATA_DIR | node PORT SOLR_HOME ZK_HOST");
      System.exit(2);
    }
  }

  private static void zookeeper(int port, Path dataDir) throws Exception {
    Files.createDirectories(dataDir);
    System.setProperty("zookeeper.admin.enableServer", "false");
    System.setProperty("zookeeper.4lw.commands.whitelist", "ruok,mntr,conf,srvr");
    // Loopback only: a development cluster is never reachable from another machine.
    Path cfg = dataDir.resolve("zoo.cfg");
    String text =
        "tickTime=2000\ninitLimit=10\nsyncLimit=5\nmaxClientCnxns=200\n"
            + "dataDir=" + dataDir.toAbsolutePath() + "\n"
            + "clientPort=" + port + "\nclientPortAddress=127.0.0.1\n";
    Files.write(cfg, text.getBytes(StandardCharsets.UTF_8));
    ServerConfig config = new ServerConfig();
    config.parse(cfg.toString());
    System.out.println("zookeeper on 127.0.0.1:" + port);
    new ZooKeeperServerMain().runFromConfig(config); // returns when the server shuts down
  }

  private static void node(int port, Path home, String zkHost) throws Exception {
    Files.createDirectories(home);
    Path solrXml = home.resolve("solr.xml");
    if (!Files.exists(solrXml)) {
      Files.write(solrXml, SOLR_XML.getBytes(StandardCharsets.UTF_8));
    }
    Properties props = new Properties();
    props.setProperty("zkHost", zkHost);
    props.setProperty("hostPort", Integer.toString(port));
    props.setProperty("hostContext", "/solr");
    JettyConfig config =
        JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(true).build();
    JettySolrRunner runner = new JettySolrRunner(home.toString(), props, config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    if (runner.isRunning()) {
                      runner.stop();
                    }
                  } catch (Exception e) {
                    e.printStackTrace();
                  } finally {
                    stopped.countDown();
                  }
                }));
    runner.start();
    System.out.println("solr node " + runner.getNodeName() + " at " + runner.getBaseUrl());
    System.out.flush();
    stopped.await();
  }
}
