package org.odetoode.modules.net;

/**
 * The result of a reverse-mode pass.
 *
 * @param parameters dL/dθ, one entry per parameter
 * @param input dL/d(input)
 * @param states the hidden states along depth: for an ODE network x_0 .. x_N, for an MLP the layer activations
 * @param stateAdjoints dL/d(states[k]), the adjoint trajectory
 */
public record Gradients(double[] parameters, double[] input, double[][] states, double[][] stateAdjoints) {
}
