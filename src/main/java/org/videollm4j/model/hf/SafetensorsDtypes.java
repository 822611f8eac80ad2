package org.videollm4j.model.hf;

/** Element sizes of every dtype name the safetensors format defines (huggingface/safetensors, Dtype enum). */
final class SafetensorsDtypes {
    private SafetensorsDtypes() {
    }

    /** Bytes per element, or -1 for a name the format does not define. */
    static int byteSize(String dtype) {
        return switch (dtype) {
            case "BOOL", "U8", "I8", "F8_E4M3", "F8_E5M2" -> 1;
            case "I16", "U16", "F16", "BF16" -> 2;
            case "I32", "U32", "F32" -> 4;
            case "I64", "U64", "F64" -> 8;
            default -> -1;
        };
    }
}
