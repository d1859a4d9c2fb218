package org.odetoode.agents.pg;

/**
 * Advantage estimates over one environment's stretch of steps t = 0 .. T−1, oldest first. {@code dones[t]} says the
 * episode ended with step t (terminated, or truncated by the time limit: a truncation's reward already carries
 * γ·V(final observation), so both cut the recursion); {@code nextValue} is V(s_T) of the observation after the last
 * step, used only when that step did not end its episode.
 */
public final class Advantages {
    private Advantages() {
    }

    /**
     * Generalised advantage estimation (Schulman et al. 2016, eq. 16): δ_t = r_t + γ V(s_{t+1})(1 − done_t) − V(s_t),
     * A_t = δ_t + γλ (1 − done_t) A_{t+1}. Writes A_t into {@code advantages}; the value targets are A_t + V(s_t).
     */
    public static void gae(double[] rewards, double[] values, boolean[] dones, int length, double nextValue,
            double gamma, double lambda, double[] advantages) {
        double carry = 0.0;
        double next = nextValue;
        for (int t = length - 1; t >= 0; t--) {
            double live = dones[t] ? 0.0 : 1.0;
            double delta = rewards[t] + gamma * next * live - values[t];
            carry = delta + gamma * lambda * live * carry;
            advantages[t] = carry;
            next = values[t];
        }
    }

    /**
     * Discounted returns-to-go G_t = r_t + γ (1 − done_t) G_{t+1} (REINFORCE, Williams 1992), starting from
     * {@code nextValue} after the last step (0 for episodes that ran to their end). Writes G_t into {@code returns}.
     */
    public static void returnsToGo(double[] rewards, boolean[] dones, int length, double nextValue, double gamma,
            double[] returns) {
        double g = nextValue;
        for (int t = length - 1; t >= 0; t--) {
            g = rewards[t] + (dones[t] ? 0.0 : gamma * g);
            returns[t] = g;
        }
    }
}
