"""Writes reference episodes of a Gymnasium classic-control env in the format of shared/golden/README.md.

Runs Gymnasium itself (its source tree on PYTHONPATH; it needs only NumPy here), so every number comes from
the reference's own code: reset(seed=s) for s in the given seeds, then uniformly random actions from
numpy.random.default_rng(ACTION_STREAM + s) until the episode terminates or the default TimeLimit truncates it.
Each line also records `final_state`, the internal float64 state after the last step, which catches a
difference too late in an episode to reach the float32 observations.

Regenerate envs/src/test/resources/reference/acrobot_64_episodes.jsonl.gz with:

    git clone https://github.com/Farama-Foundation/Gymnasium /tmp/Gymnasium && git -C /tmp/Gymnasium checkout 3f0476a
    PYTHONPATH=/tmp/Gymnasium python3 envs/src/test/python/reference_episodes.py --env Acrobot-v1 \
        --seeds 1000-1063 --out envs/src/test/resources/reference/acrobot_64_episodes.jsonl.gz

The file in the repository was made with Gymnasium 1.4.0 at 3f0476a (acrobot.py differs from release 1.2.2 only in
rendering), Python 3.11, NumPy 2.4.6 and glibc 2.36 on x86-64 with FMA. NumPy computes float64 sin, cos and x**2
with the C library's sin, cos and pow, whose last bit depends on the C library and the CPU: see CLibraryMath.
"""
import argparse
import gzip
import json
import sys

import numpy as np

import gymnasium as gym

ACTION_STREAM = 1_000_000


def seed_range(text):
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def episode(env_id, seed):
    env = gym.make(env_id)
    obs, _ = env.reset(seed=seed)
    initial_state = [float(x) for x in np.asarray(env.unwrapped.state, dtype=np.float64)]
    actions_rng = np.random.default_rng(ACTION_STREAM + seed)
    space = env.action_space
    record = {"env": env_id, "seed": seed, "initial_state": initial_state, "initial_obs": [float(x) for x in obs],
              "actions": [], "obs": [], "rewards": [], "terminated": [], "truncated": []}
    done = False
    while not done:
        if isinstance(space, gym.spaces.Discrete):
            action = int(actions_rng.integers(space.n))
            record["actions"].append(action)
        else:
            # A list of Python floats, as in shared/golden: the ports' default action-dtype float64 follows how
            # NumPy 2 computes with such an action (MountainCarContinuous keeps float32 arithmetic, as it would
            # not with a float64 array).
            action = [float(x) for x in actions_rng.uniform(space.low, space.high)]
            record["actions"].append(action)
        obs, reward, terminated, truncated, _ = env.step(action)
        record["obs"].append([float(x) for x in obs])
        record["rewards"].append(float(reward))
        record["terminated"].append(bool(terminated))
        record["truncated"].append(bool(truncated))
        done = terminated or truncated
    record["final_state"] = [float(x) for x in np.asarray(env.unwrapped.state, dtype=np.float64)]
    return record


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", required=True, help="Gymnasium id, e.g. Acrobot-v1")
    parser.add_argument("--seeds", required=True, type=seed_range, help="reset seeds, e.g. 1000-1063")
    parser.add_argument("--out", required=True, help="output file; gzip-compressed when it ends in .gz")
    args = parser.parse_args()
    with open(args.out, "wb") as file:
        # No name and mtime=0 in the gzip header: the same episodes give the same bytes.
        with (gzip.GzipFile(filename="", mode="wb", fileobj=file, mtime=0) if args.out.endswith(".gz") else file) as out:
            for seed in args.seeds:
                out.write((json.dumps(episode(args.env, seed), separators=(",", ":")) + "\n").encode())
    print(f"wrote {len(args.seeds)} {args.env} episodes (Gymnasium {gym.__version__}, NumPy {np.__version__}) "
          f"to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
