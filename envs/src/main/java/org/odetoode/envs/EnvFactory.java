package org.odetoode.envs;

/** Builds the bare environment of one registered id, before {@link Envs#make} adds wrappers. */
@FunctionalInterface
public interface EnvFactory {

    /**
     * @param id the id being made, so that one class can serve several versions
     * @param kwargs the spec's keyword defaults with the caller's overrides applied
     */
    Env create(String id, Kwargs kwargs);
}
