/*
 * Prints the struct layout of the installed MuJoCo headers as Java properties, one "key=value" per line.
 *
 * The Java binding (org.odetoode.envs.mujoco.internal.Layout) reads mjModel/mjData fields at these byte
 * offsets. They change between MuJoCo versions, so they are measured here with offsetof against
 * /usr/include/mujoco at build time instead of being written down by hand.
 *
 * Usage: mujoco_layout OUTPUT_FILE
 */
#include <stddef.h>
#include <stdio.h>
#include <mujoco/mujoco.h>

#define OFFSET(type, field) fprintf(out, #type "." #field "=%zu\n", offsetof(type, field))

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUTPUT_FILE\n", argv[0]);
    return 2;
  }
  FILE* out = fopen(argv[1], "w");
  if (!out) {
    perror(argv[1]);
    return 1;
  }
  fprintf(out, "version=%d\n", mjVERSION_HEADER);
  fprintf(out, "sizeof.mjtNum=%zu\n", sizeof(mjtNum));
  fprintf(out, "sizeof.mjVFS=%zu\n", sizeof(mjVFS));
  fprintf(out, "mjOBJ_BODY=%d\n", (int)mjOBJ_BODY);
  fprintf(out, "mjOBJ_SITE=%d\n", (int)mjOBJ_SITE);

  OFFSET(mjVFS, nfile);
  OFFSET(mjVFS, filedata);

  OFFSET(mjModel, nq);
  OFFSET(mjModel, nv);
  OFFSET(mjModel, nu);
  OFFSET(mjModel, na);
  OFFSET(mjModel, nbody);
  OFFSET(mjModel, nsite);
  OFFSET(mjModel, opt);
  OFFSET(mjOption, timestep);
  OFFSET(mjModel, qpos0);
  OFFSET(mjModel, body_mass);
  OFFSET(mjModel, actuator_ctrlrange);

  OFFSET(mjData, time);
  OFFSET(mjData, qpos);
  OFFSET(mjData, qvel);
  OFFSET(mjData, ctrl);
  OFFSET(mjData, qacc_warmstart);
  OFFSET(mjData, xpos);
  OFFSET(mjData, xipos);
  OFFSET(mjData, site_xpos);
  OFFSET(mjData, cinert);
  OFFSET(mjData, cvel);
  OFFSET(mjData, qfrc_actuator);
  OFFSET(mjData, qfrc_constraint);
  OFFSET(mjData, cfrc_ext);

  return fclose(out) == 0 ? 0 : 1;
}
