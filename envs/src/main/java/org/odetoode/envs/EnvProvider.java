package org.odetoode.envs;

import java.util.List;

/**
 * A family of environments that {@link Envs} discovers with {@link java.util.ServiceLoader}.
 *
 * <p>To add a family, implement this interface with a public no-argument constructor and list the class in
 * {@code META-INF/services/org.odetoode.envs.EnvProvider}. {@link #specs()} must be cheap: it runs when the
 * registry is first used and must not load native libraries or models; do that in the factories.
 */
public interface EnvProvider {

    /** The ids this family registers; an id registered twice across providers is an error. */
    List<EnvSpec> specs();
}
