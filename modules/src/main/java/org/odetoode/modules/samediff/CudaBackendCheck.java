package org.odetoode.modules.samediff;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Chooses ND4J's backend (cpu or cuda) from the GPUs' compute capability, before the JVM that uses ND4J starts.
 *
 * <p>ND4J reads its backend priorities from the environment ({@code BACKEND_PRIORITY_CPU}, {@code
 * BACKEND_PRIORITY_GPU}) once, when its backend class loads, so the choice cannot be made inside that JVM: the CUDA
 * image's entrypoint runs {@link #main} first and exports the priority that matches the backend it prints.
 *
 * <p>Why a check at all: {@code nd4j-cuda-11.6:1.0.0-M2.1}, the newest ND4J CUDA build, ships cubins for sm_37, 50,
 * 52, 60, 61, 70, 75, 80 and 86 and no PTX (read from the .nv_fatbin section of its libnd4jcuda.so), so the driver has
 * nothing to JIT-compile for a newer architecture and a Hopper GPU (compute capability 9.0, H100/H200) fails at the
 * first kernel launch, deep inside a run. A cubin runs on GPUs of the same major version and an equal or higher minor,
 * so the build covers capabilities 3.7 to 8.9.
 *
 * <p>Never touches ND4J: it runs in a JVM of its own, in well under a second.
 */
public final class CudaBackendCheck {

    /** What the user asked for ({@code ODETOODE_DEVICE}). */
    public enum Request {
        CPU, CUDA, AUTO;

        /** Parses cpu, cuda or auto (any case); throws with the accepted values named. */
        public static Request parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown device '" + value + "': use cpu, cuda or auto", e);
            }
        }
    }

    /** The backend to load, and a line for stderr explaining a fallback or a refusal (empty when there is none). */
    public record Decision(String backend, boolean refused, String message) {
        static Decision cpu(String message) {
            return new Decision("cpu", false, message);
        }

        static Decision cuda() {
            return new Decision("cuda", false, "");
        }

        static Decision refuse(String message) {
            return new Decision("", true, message);
        }
    }

    /** The oldest cubin in the build is sm_37 and the newest major is 8 (sm_80, sm_86). */
    private static final int LOWEST_MAJOR = 3;
    private static final int LOWEST_MINOR_OF_LOWEST_MAJOR = 7;
    private static final int HIGHEST_MAJOR = 8;

    /** The query whose output {@link #decide} reads: one "index, uuid, compute_cap" line per GPU. */
    static final List<String> NVIDIA_SMI_QUERY =
            List.of("nvidia-smi", "--query-gpu=index,uuid,compute_cap", "--format=csv,noheader");

    private CudaBackendCheck() {
    }

    /**
     * The decision for a request, given what {@code nvidia-smi --query-gpu=index,uuid,compute_cap
     * --format=csv,noheader} printed ({@code null} when it could not run or failed) and {@code CUDA_VISIBLE_DEVICES}
     * ({@code null} when unset). Only the visible GPUs count: ND4J uses each of them, so each must be supported.
     */
    public static Decision decide(Request request, String nvidiaSmiOutput, String visibleDevices) {
        if (request == Request.CPU) {
            return Decision.cpu("");
        }
        String problem;
        List<String[]> gpus = nvidiaSmiOutput == null ? List.of() : visible(parse(nvidiaSmiOutput), visibleDevices);
        if (nvidiaSmiOutput == null) {
            problem = "no NVIDIA GPU found (nvidia-smi did not run; is the container started with --gpus?)";
        } else if (gpus.isEmpty()) {
            problem = "no visible NVIDIA GPU (nvidia-smi listed none"
                    + (visibleDevices == null ? "" : " matching CUDA_VISIBLE_DEVICES=" + visibleDevices) + ")";
        } else {
            List<String> unsupported = gpus.stream()
                    .filter(g -> !supported(g[2]))
                    .map(g -> "GPU " + g[0] + " has compute capability " + g[2] + architectureName(g[2]))
                    .collect(Collectors.toList());
            if (unsupported.isEmpty()) {
                return Decision.cuda();
            }
            problem = String.join(", ", unsupported)
                    + " and the ND4J CUDA 11.6 build has kernels for compute capability 3.7 to 8.9 only (no PTX)";
        }
        if (request == Request.AUTO) {
            return Decision.cpu("odetoode: " + problem + "; using the CPU backend (ODETOODE_DEVICE=auto)");
        }
        return Decision.refuse("error: ODETOODE_DEVICE=cuda, but " + problem
                + "; run with ODETOODE_DEVICE=cpu or auto, or on a supported GPU");
    }

    /** Whether the ND4J CUDA 11.6 build has a cubin that runs on this capability ("8.6"); false when unreadable. */
    static boolean supported(String capability) {
        int[] v = version(capability);
        if (v == null) {
            return false;
        }
        if (v[0] == LOWEST_MAJOR) {
            return v[1] >= LOWEST_MINOR_OF_LOWEST_MAJOR;
        }
        return v[0] > LOWEST_MAJOR && v[0] <= HIGHEST_MAJOR;
    }

    private static String architectureName(String capability) {
        int[] v = version(capability);
        if (v == null) {
            return " (unreadable)";
        }
        return switch (v[0]) {
            case 9 -> " (Hopper)";
            case 10, 12 -> " (Blackwell)";
            default -> "";
        };
    }

    private static int[] version(String capability) {
        String[] parts = capability.trim().split("\\.");
        if (parts.length != 2) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Rows of [index, uuid, compute_cap]; lines that do not have three fields are skipped. */
    private static List<String[]> parse(String output) {
        List<String[]> rows = new ArrayList<>();
        for (String line : output.split("\\R")) {
            String[] fields = line.split(",");
            if (fields.length == 3) {
                rows.add(new String[] {fields[0].trim(), fields[1].trim(), fields[2].trim()});
            }
        }
        return rows;
    }

    /** The rows CUDA_VISIBLE_DEVICES selects, by index or UUID (nvidia-smi itself ignores that variable). */
    private static List<String[]> visible(List<String[]> gpus, String visibleDevices) {
        if (visibleDevices == null) {
            return gpus;
        }
        Set<String> selected = Set.of(visibleDevices.trim().isEmpty() ? new String[0] : visibleDevices.split(","))
                .stream().map(String::trim).collect(Collectors.toSet());
        return gpus.stream()
                .filter(g -> selected.contains(g[0]) || selected.contains(g[1]))
                .collect(Collectors.toList());
    }

    /** Runs nvidia-smi; its stdout, or null when it is missing, fails or hangs. */
    static String queryNvidiaSmi() {
        try {
            Process p = new ProcessBuilder(NVIDIA_SMI_QUERY).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * {@code CudaBackendCheck [cpu|cuda|auto]} (default: {@code ODETOODE_DEVICE}, else auto): prints the backend to
     * load, cpu or cuda, on stdout; a fallback's reason on stderr; exit 2 with one line on stderr for a refusal.
     */
    public static void main(String[] args) {
        String value = args.length > 0 ? args[0] : System.getenv().getOrDefault("ODETOODE_DEVICE", "auto");
        Request request;
        try {
            request = Request.parse(value);
        } catch (IllegalArgumentException e) {
            System.err.println("error: ODETOODE_DEVICE: " + e.getMessage());
            System.exit(2);
            return;
        }
        String output = request == Request.CPU ? null : queryNvidiaSmi();
        Decision d = decide(request, output, System.getenv("CUDA_VISIBLE_DEVICES"));
        if (!d.message().isEmpty()) {
            System.err.println(d.message());
        }
        if (d.refused()) {
            System.exit(2);
        }
        System.out.println(d.backend());
    }
}
