package org.odetoode.envs.mujoco;

/**
 * MuJoCo cannot be used on this machine: the native library is missing or has another version than the
 * struct layout this build was generated for. The message says which Debian package to install.
 */
public final class MujocoUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public MujocoUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public MujocoUnavailableException(String message) {
        super(message);
    }
}
