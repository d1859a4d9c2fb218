/**
 * Gradient diagnostics D1-D10 of shared/research/gradient-diagnostics.md (§3) for the networks of this module: do
 * orthogonal weight flows (Choromanski et al., "An Ode to an ODE", NeurIPS 2020) keep gradients from vanishing and
 * exploding?
 *
 * <p>Everything starts from one unrolled forward/reverse pass, {@link org.odetoode.modules.diagnostics.UnrolledFlow}
 * (the network's own reverse mode plus the per-step linearisation), viewed as a
 * {@link org.odetoode.modules.diagnostics.Chain} of step Jacobians. The diagnostics are pure functions of it:
 * {@link org.odetoode.modules.diagnostics.JacobianSpectrum} (D1), {@link org.odetoode.modules.diagnostics.SymmetricBand}
 * (D2), {@link org.odetoode.modules.diagnostics.GradientScale} (D3), {@link org.odetoode.modules.diagnostics.MeanField}
 * (D4), {@link org.odetoode.modules.diagnostics.LossSlice} (D5), {@link org.odetoode.modules.diagnostics.Lyapunov} (D6),
 * {@link org.odetoode.modules.diagnostics.NormProfile} (D8), {@link org.odetoode.modules.diagnostics.EsGradient} (D10),
 * and the five {@link org.odetoode.modules.diagnostics.Counterexamples} of §2.
 */
package org.odetoode.modules.diagnostics;
