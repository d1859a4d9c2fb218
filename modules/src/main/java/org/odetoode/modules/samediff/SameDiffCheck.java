package org.odetoode.modules.samediff;

import org.odetoode.modules.grad.GradientCheck;
import org.odetoode.modules.net.Network;

/** Plain-Java reverse mode against SameDiff's, for the CLI's {@code samediff_rel_error}. */
public final class SameDiffCheck {
    private SameDiffCheck() {
    }

    /**
     * Compares the gradients of L = c·out(obs) at the network's current parameters over every parameter, with the
     * per-entry relative error of {@link GradientCheck#compare} (SameDiff as the reference).
     *
     * @throws UnsupportedOperationException if the network has no SameDiff counterpart
     */
    public static GradientCheck.Result compare(Network net, double[] obs, double[] c) {
        double[] samediff = SameDiffNetwork.of(net).gradient(obs, c);
        double[] plain = net.gradient(obs, c).parameters();
        int[] all = new int[net.parameterCount()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return GradientCheck.compare(net, all, plain, samediff);
    }

    /**
     * The largest relative difference of the plain-Java gradient to the SameDiff one, see {@link #compare}.
     *
     * @throws UnsupportedOperationException if the network has no SameDiff counterpart
     */
    public static double maxRelativeError(Network net, double[] obs, double[] c) {
        return compare(net, obs, c).maxRelativeError();
    }
}
