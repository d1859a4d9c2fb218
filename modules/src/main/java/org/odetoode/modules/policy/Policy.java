package org.odetoode.modules.policy;

import org.odetoode.modules.net.Network;

/**
 * A network and the head that turns its output into actions. Owns one output buffer, so, like the network, an
 * instance serves one thread; {@link #copy()} makes another.
 */
public final class Policy {
    private final Network network;
    private final ActionHead head;
    private final double[] output;

    public Policy(Network network, ActionHead head) {
        if (network.outputSize() != head.outputSize()) {
            throw new IllegalArgumentException("network output size " + network.outputSize()
                    + " does not match the action head, which reads " + head.outputSize());
        }
        this.network = network;
        this.head = head;
        this.output = new double[network.outputSize()];
    }

    /** The network. */
    public Network network() {
        return network;
    }

    /** The action head. */
    public ActionHead head() {
        return head;
    }

    /** Writes the deterministic action for {@code observation} into {@code action}. */
    public void act(double[] observation, double[] action) {
        network.forward(observation, output);
        head.act(output, action);
    }

    /** An independent copy (own network scratch and parameters). */
    public Policy copy() {
        return new Policy(network.copy(), head);
    }
}
