package org.odetoode.envs.mujoco.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.odetoode.envs.mujoco.MujocoUnavailableException;

/**
 * Byte offsets of the mjModel, mjData and mjVFS fields the environments read, and the MuJoCo version they
 * belong to.
 *
 * <p>The values are not written here: {@code envs/src/main/c/mujoco_layout.c} measures them with
 * {@code offsetof} against the installed headers during the Maven build and writes
 * {@code mujoco-layout.properties} next to this class.
 */
public final class Layout {
    static final String RESOURCE = "mujoco-layout.properties";

    /** {@code mjVERSION_HEADER} of the headers, e.g. 222 for 2.2.2. */
    public final int version;
    final long sizeofVfs;
    final long vfsFiledata;
    final int objBody;
    final int objSite;

    final long modelNq;
    final long modelNv;
    final long modelNu;
    final long modelNa;
    final long modelNbody;
    final long modelNsite;
    final long modelTimestep;
    final long modelQpos0;
    final long modelBodyMass;
    final long modelActuatorCtrlrange;

    final long dataTime;
    final long dataQpos;
    final long dataQvel;
    final long dataCtrl;
    final long dataQaccWarmstart;
    final long dataXpos;
    final long dataXipos;
    final long dataSiteXpos;
    final long dataCinert;
    final long dataCvel;
    final long dataQfrcActuator;
    final long dataQfrcConstraint;
    final long dataCfrcExt;

    Layout(Properties p) {
        version = (int) get(p, "version");
        if (get(p, "sizeof.mjtNum") != Double.BYTES) {
            throw new MujocoUnavailableException("MuJoCo was built with mjtNum of " + get(p, "sizeof.mjtNum")
                    + " bytes; the Java binding needs double precision (8 bytes). Install Debian's libmujoco2.2.2.");
        }
        sizeofVfs = get(p, "sizeof.mjVFS");
        vfsFiledata = get(p, "mjVFS.filedata");
        objBody = (int) get(p, "mjOBJ_BODY");
        objSite = (int) get(p, "mjOBJ_SITE");
        modelNq = get(p, "mjModel.nq");
        modelNv = get(p, "mjModel.nv");
        modelNu = get(p, "mjModel.nu");
        modelNa = get(p, "mjModel.na");
        modelNbody = get(p, "mjModel.nbody");
        modelNsite = get(p, "mjModel.nsite");
        modelTimestep = get(p, "mjModel.opt") + get(p, "mjOption.timestep");
        modelQpos0 = get(p, "mjModel.qpos0");
        modelBodyMass = get(p, "mjModel.body_mass");
        modelActuatorCtrlrange = get(p, "mjModel.actuator_ctrlrange");
        dataTime = get(p, "mjData.time");
        dataQpos = get(p, "mjData.qpos");
        dataQvel = get(p, "mjData.qvel");
        dataCtrl = get(p, "mjData.ctrl");
        dataQaccWarmstart = get(p, "mjData.qacc_warmstart");
        dataXpos = get(p, "mjData.xpos");
        dataXipos = get(p, "mjData.xipos");
        dataSiteXpos = get(p, "mjData.site_xpos");
        dataCinert = get(p, "mjData.cinert");
        dataCvel = get(p, "mjData.cvel");
        dataQfrcActuator = get(p, "mjData.qfrc_actuator");
        dataQfrcConstraint = get(p, "mjData.qfrc_constraint");
        dataCfrcExt = get(p, "mjData.cfrc_ext");
    }

    /** The layout generated at build time, or an exception saying how to produce it. */
    public static Layout load() {
        try (InputStream in = Layout.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new MujocoUnavailableException("The MuJoCo struct layout table " + RESOURCE
                        + " is not on the classpath: this build skipped it (mujoco.layout.skip) or could not"
                        + " compile envs/src/main/c/mujoco_layout.c. Install gcc and the Debian packages"
                        + " libmujoco2.2.2 libmujoco-dev, then rebuild the envs module.");
            }
            Properties p = new Properties();
            p.load(in);
            return new Layout(p);
        } catch (IOException e) {
            throw new MujocoUnavailableException("Cannot read the MuJoCo struct layout table " + RESOURCE, e);
        }
    }

    /** The version as MuJoCo prints it: 222 becomes "2.2.2". */
    public static String versionString(int version) {
        return (version / 100) + "." + (version / 10 % 10) + "." + (version % 10);
    }

    private static long get(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new MujocoUnavailableException("The MuJoCo struct layout table " + RESOURCE + " has no entry "
                    + key + "; rebuild the envs module so that mujoco_layout.c regenerates it.");
        }
        return Long.parseLong(v.trim());
    }
}
