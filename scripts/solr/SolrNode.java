import java.nio.file.Path;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * One SolrCloud node in its own JVM, as scripts/solr-cluster.sh starts it: JettySolrRunner (from solr-test-framework,
 * the only launcher in the Maven artifacts; Solr's own start scripts ship in the binary distribution only) on 127.0.0.1,
 * with the solr.xml of its home naming the ZooKeeper ensemble. Arguments: solr home, port.
 */
public final class SolrNode {
    private SolrNode() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        System.setProperty("hostPort", Integer.toString(port));
        JettySolrRunner node = new JettySolrRunner(home.toString(),
                JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(true).build());
        node.start();
        System.out.println("SolrNode started on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }
}
