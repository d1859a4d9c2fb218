package org.odetoode.modules.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odetoode.modules.samediff.CudaBackendCheck.Decision;
import org.odetoode.modules.samediff.CudaBackendCheck.Request;

/** The backend decision against faked nvidia-smi output (no GPU is needed, none is touched). */
class CudaBackendCheckTest {

    private static final String H100 = "0, GPU-9d2f0c1e-0000-0000-0000-000000000001, 9.0\n";
    private static final String A100 = "0, GPU-4a7b0c1e-0000-0000-0000-000000000002, 8.0\n";
    private static final String MIXED = "0, GPU-aaaa, 8.6\n1, GPU-bbbb, 9.0\n";

    @ParameterizedTest(name = "compute capability {0} supported: {1}")
    @CsvSource({
            "3.5, false", // Kepler GK110: older than the oldest cubin, sm_37
            "3.7, true", // K80
            "5.2, true",
            "6.1, true",
            "7.0, true", // V100
            "7.5, true", // T4
            "8.0, true", // A100
            "8.6, true", // RTX 30xx, A10
            "8.9, true", // L4, RTX 40xx: runs the sm_86 cubin (same major, higher minor)
            "9.0, false", // H100, H200: no sm_90 cubin and no PTX to JIT
            "10.0, false", // Blackwell
            "12.0, false",
            "'', false",
            "[N/A], false",
            "9, false"})
    void supportedCapabilities(String capability, boolean supported) {
        assertEquals(supported, CudaBackendCheck.supported(capability));
    }

    @Test
    void cpuNeverLooksAtTheGpu() {
        Decision d = CudaBackendCheck.decide(Request.CPU, null, null);
        assertEquals("cpu", d.backend());
        assertFalse(d.refused());
        assertEquals("", d.message());
    }

    @Test
    void cudaOnASupportedGpuLoadsCuda() {
        Decision d = CudaBackendCheck.decide(Request.CUDA, A100, null);
        assertEquals(new Decision("cuda", false, ""), d);
        assertEquals("cuda", CudaBackendCheck.decide(Request.AUTO, A100, null).backend());
    }

    @Test
    void cudaOnHopperIsRefusedInOneLineNamingTheCapabilityAndTheWayOut() {
        Decision d = CudaBackendCheck.decide(Request.CUDA, H100, null);
        assertTrue(d.refused());
        assertFalse(d.message().contains("\n"), d.message());
        assertTrue(d.message().startsWith("error: ODETOODE_DEVICE=cuda, but GPU 0 has compute capability 9.0 (Hopper)"),
                d.message());
        assertTrue(d.message().contains("3.7 to 8.9 only"), d.message());
        assertTrue(d.message().contains("ODETOODE_DEVICE=cpu or auto"), d.message());
    }

    @Test
    void autoOnHopperFallsBackToCpuAndSaysWhy() {
        Decision d = CudaBackendCheck.decide(Request.AUTO, H100, null);
        assertEquals("cpu", d.backend());
        assertFalse(d.refused());
        assertTrue(d.message().contains("compute capability 9.0 (Hopper)"), d.message());
        assertTrue(d.message().endsWith("using the CPU backend (ODETOODE_DEVICE=auto)"), d.message());
    }

    @Test
    void noGpuRefusesCudaAndFallsBackForAuto() {
        Decision cuda = CudaBackendCheck.decide(Request.CUDA, null, null);
        assertTrue(cuda.refused());
        assertTrue(cuda.message().contains("no NVIDIA GPU found"), cuda.message());
        assertEquals("cpu", CudaBackendCheck.decide(Request.AUTO, null, null).backend());
        // nvidia-smi ran but listed nothing
        assertTrue(CudaBackendCheck.decide(Request.CUDA, "", null).refused());
    }

    @Test
    void everyVisibleGpuMustBeSupported() {
        Decision d = CudaBackendCheck.decide(Request.CUDA, MIXED, null);
        assertTrue(d.refused());
        assertTrue(d.message().contains("GPU 1 has compute capability 9.0"), d.message());
        assertFalse(d.message().contains("GPU 0"), d.message());
    }

    @Test
    void cudaVisibleDevicesSelectsByIndexOrUuid() {
        assertEquals("cuda", CudaBackendCheck.decide(Request.CUDA, MIXED, "0").backend());
        assertEquals("cuda", CudaBackendCheck.decide(Request.CUDA, MIXED, "GPU-aaaa").backend());
        assertTrue(CudaBackendCheck.decide(Request.CUDA, MIXED, "1").refused());
        assertTrue(CudaBackendCheck.decide(Request.CUDA, MIXED, "0,1").refused());
        Decision none = CudaBackendCheck.decide(Request.CUDA, MIXED, "");
        assertTrue(none.refused());
        assertTrue(none.message().contains("CUDA_VISIBLE_DEVICES="), none.message());
    }

    @Test
    void olderDriversWithoutTheComputeCapFieldAreNotTakenForASupportedGpu() {
        // drivers before 510 reject the compute_cap field; an unreadable capability never selects CUDA
        String old = "0, GPU-aaaa, [N/A]\n";
        assertTrue(CudaBackendCheck.decide(Request.CUDA, old, null).refused());
        assertEquals("cpu", CudaBackendCheck.decide(Request.AUTO, old, null).backend());
    }

    @Test
    void requestParsingNamesTheAcceptedValues() {
        assertEquals(Request.AUTO, Request.parse(" Auto "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Request.parse("gpu"));
        assertEquals("unknown device 'gpu': use cpu, cuda or auto", e.getMessage());
    }
}
