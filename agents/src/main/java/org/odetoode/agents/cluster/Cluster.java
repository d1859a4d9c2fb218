package org.odetoode.agents.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.odetoode.agents.TrainConfig;
import org.odetoode.agents.rollout.CandidateEvaluator;
import org.odetoode.agents.rollout.RolloutExecutor;

/**
 * A Hazelcast member of an odetoode cluster: a worker ({@link #startWorker}) that evaluates candidates until it is
 * stopped, or a training run's coordinator ({@link #joinAsCoordinator}), which hands candidates to the workers and
 * evaluates its own share.
 *
 * <p>Members join over TCP-IP (no multicast) with the cluster name {@value #NAME_PREFIX}VERSION, so a member of another
 * odetoode version or another project never joins. A member that stops answering heartbeats (sent every
 * {@value #HEARTBEAT_SECONDS} s) for {@value #NO_HEARTBEAT_SECONDS} s is removed (Hazelcast's default waits 60 s), and
 * its unfinished tasks fail with {@code MemberLeftException}, so the coordinator re-sends them to the survivors.
 */
public final class Cluster implements CandidateEvaluator.Factory, AutoCloseable {
    static final String NAME_PREFIX = "odetoode-";
    /** Hazelcast's default port, the first a worker tries. */
    public static final int DEFAULT_PORT = 5701;
    static final int HEARTBEAT_SECONDS = 1;
    static final int NO_HEARTBEAT_SECONDS = 5;
    static final String EXECUTOR = "odetoode-rollouts";
    static final String ROLLOUTS = "odetoode.rollouts";
    private static final int CONNECT_TIMEOUT_MS = 2000;
    private static final String LOOPBACK = "127.0.0.1";
    private static final long JOIN_WAIT_MS = 5000;
    /** Held so that the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    private final HazelcastInstance member;
    /** Candidate evaluations re-sent because their member left. */
    private final AtomicLong resent = new AtomicLong();

    private Cluster(HazelcastInstance member) {
        this.member = member;
    }

    /** The cluster name: members of other odetoode versions, or of other projects, use another and are refused. */
    public static String name() {
        String version = Cluster.class.getPackage().getImplementationVersion();
        return NAME_PREFIX + (version == null ? "dev" : version);
    }

    /**
     * Starts a worker on {@code port} of {@code host} (null: Hazelcast's choice of this machine's addresses) that
     * joins the members at {@code addresses} (none: it starts a cluster) and evaluates on {@code threads} threads.
     *
     * @throws IllegalArgumentException when an address is malformed or unreachable, the port is taken, or a member
     *     listed does not join (another version, project or cluster name)
     */
    public static HazelcastInstance startWorker(String host, int port, List<String> addresses, int threads) {
        List<InetSocketAddress> peers = parse(addresses);
        return start(host != null ? host : loopback(peers) ? LOOPBACK : null, port, false, peers, threads);
    }

    /**
     * Joins the workers at {@code addresses} as a training run's coordinator: a lite member, which gets no tasks (it
     * evaluates its share on its own executor). Binds to 127.0.0.1 when every address is a loopback one.
     *
     * @throws IllegalArgumentException as {@link #startWorker}, or when no address is given
     */
    public static Cluster joinAsCoordinator(List<String> addresses) {
        List<InetSocketAddress> peers = parse(addresses);
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("--cluster needs at least one HOST:PORT of an `odetoode worker`");
        }
        return new Cluster(start(loopback(peers) ? LOOPBACK : null, DEFAULT_PORT, true, peers, 0));
    }

    private static boolean loopback(List<InetSocketAddress> peers) {
        return !peers.isEmpty() && peers.stream().allMatch(a -> a.getAddress().isLoopbackAddress());
    }

    /** The members, the coordinator included. */
    public int size() {
        return member.getCluster().getMembers().size();
    }

    @Override
    public CandidateEvaluator open(TrainConfig config, RolloutExecutor local) {
        return new ClusterEvaluator(member, config, local, resent);
    }

    /** Candidate evaluations that ran again, on a survivor, because the member they were sent to left. */
    public long resentCandidates() {
        return resent.get();
    }

    @Override
    public void close() {
        member.shutdown();
    }

    /** Starts a member; {@code threads} 0 makes it a coordinator's lite member. */
    private static HazelcastInstance start(String host, int port, boolean autoIncrement,
            List<InetSocketAddress> peers, int threads) {
        for (InetSocketAddress peer : peers) {
            checkReachable(peer);
        }
        HAZELCAST_LOG.setLevel(Level.OFF); // failures reach the user as one line each (this class, the coordinator)
        HazelcastInstance member;
        Config config = config(host, port, autoIncrement, peers, threads);
        try {
            member = Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot start a cluster member on " + (host == null ? "" : host) + ":"
                    + port + " (" + e.getMessage() + "); is the port taken? choose another with --port", e);
        }
        if (config.getUserContext().get(ROLLOUTS) instanceof MemberRollouts rollouts) {
            member.getLifecycleService().addLifecycleListener(e -> {
                if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                    rollouts.close();
                }
            });
        }
        for (InetSocketAddress peer : peers) {
            if (!joined(member, peer, JOIN_WAIT_MS)) {
                member.shutdown();
                throw new IllegalArgumentException(peer.getHostString() + ":" + peer.getPort() + " answers but is not"
                        + " a member of cluster " + name() + " (another odetoode version, another project, or a worker"
                        + " of a separate cluster); start `odetoode worker` of this version there, joining the others"
                        + " with --cluster");
            }
        }
        return member;
    }

    private static Config config(String host, int port, boolean autoIncrement, List<InetSocketAddress> peers,
            int threads) {
        Config c = new Config();
        c.setClusterName(name());
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(HEARTBEAT_SECONDS));
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(NO_HEARTBEAT_SECONDS));
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        NetworkConfig network = c.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(autoIncrement);
        if (host != null) {
            network.getInterfaces().setEnabled(true).addInterface(host);
            c.setProperty("hazelcast.socket.bind.any", "false");
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(3);
        for (InetSocketAddress peer : peers) {
            tcp.addMember(peer.getHostString() + ":" + peer.getPort());
        }
        if (threads == 0) {
            c.setLiteMember(true);
        } else {
            c.getExecutorConfig(EXECUTOR).setPoolSize(1);
            c.getUserContext().put(ROLLOUTS, new MemberRollouts(threads));
        }
        return c;
    }

    static List<InetSocketAddress> parse(List<String> addresses) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String a : addresses) {
            int colon = a.lastIndexOf(':');
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(a.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                // reported below
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--cluster entry `" + a + "` is not HOST:PORT, e.g."
                        + " 127.0.0.1:" + DEFAULT_PORT);
            }
            String host = a.substring(0, colon);
            try {
                out.add(new InetSocketAddress(InetAddress.getByName(host), port));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--cluster entry `" + a + "`: unknown host " + host);
            }
        }
        return out;
    }

    private static void checkReachable(InetSocketAddress peer) {
        try (Socket s = new Socket()) {
            s.connect(peer, CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot reach a cluster member at " + peer.getHostString() + ":"
                    + peer.getPort() + " (" + e.getMessage() + "); start `odetoode worker --port " + peer.getPort()
                    + "` there, or fix --cluster");
        }
    }

    /**
     * Whether a member of {@code member}'s cluster listens at {@code peer}, waiting up to {@code waitMs} for the member
     * list to show it (a joining member learns the others from the master's updates).
     */
    private static boolean joined(HazelcastInstance member, InetSocketAddress peer, long waitMs) {
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        while (!listed(member, peer)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Whether {@code member}'s member list has {@code peer} (a local address matches any local one). */
    private static boolean listed(HazelcastInstance member, InetSocketAddress peer) {
        for (Member m : member.getCluster().getMembers()) {
            InetAddress a;
            try {
                a = m.getAddress().getInetAddress();
            } catch (UnknownHostException e) {
                continue;
            }
            if (m.getAddress().getPort() == peer.getPort()
                    && (a.equals(peer.getAddress()) || (isLocal(a) && isLocal(peer.getAddress())))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocal(InetAddress a) {
        try {
            return a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
