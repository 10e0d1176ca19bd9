package io.mre4j.model.pretrained;

import io.mre4j.core.DataException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a BERT-style ONNX model under their Hugging Face names ({@code embeddings.word_embeddings.weight},
 * {@code encoder.layer.0.attention.self.query.weight}, ...), read with a minimal protobuf reader of
 * {@code ModelProto.graph}: its initializers (name, dims, data type, raw or float data) and its nodes (op type,
 * inputs, outputs). PyTorch's exporter stores each linear layer's weight as an anonymous {@code onnx::MatMul_N}
 * initializer, already transposed to {@code [in, out]}; it is named here after the bias that the {@code Add} node
 * right after its {@code MatMul} adds. Every linear weight comes out as {@code [in, out]}, ready for
 * {@code x.matMul(w)}.
 */
public final class OnnxWeights {
    private static final int FLOAT = 1;

    /** One float tensor: its shape and its values in row-major order. */
    public record Tensor(long[] dims, float[] values) {
        public long size() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }

    private OnnxWeights() {
    }

    /**
     * Reads the float weights of {@code model} (the bytes of an ONNX file) by their Hugging Face names, with any
     * common prefix (such as {@code bert.}) removed. {@code where} names the model in error messages.
     */
    public static Map<String, Tensor> read(byte[] model, String where) {
        return name(readGraph(model, where, name -> true), where);
    }

    /**
     * Only the subword embedding table of {@code model} ({@code embeddings.word_embeddings.weight}, under any
     * prefix), without decoding the other weights; null when there is none.
     */
    public static Tensor readWordEmbeddings(byte[] model, String where) {
        String table = "embeddings.word_embeddings.weight";
        return readGraph(model, where, name -> name.endsWith(table)).initializers().values().stream().findFirst()
                .orElse(null);
    }

    private record Graph(Map<String, Tensor> initializers, List<Node> nodes) {
    }

    /** The graph's nodes and the float initializers whose name {@code wanted} accepts (the others are skipped). */
    private static Graph readGraph(byte[] model, String where, java.util.function.Predicate<String> wanted) {
        ByteBuffer graph = null;
        Reader reader = new Reader(ByteBuffer.wrap(model), where);
        while (reader.hasMore()) {
            int key = reader.key();
            if (key >>> 3 == 7 && (key & 7) == 2) {
                graph = reader.bytes();
            } else {
                reader.skip(key);
            }
        }
        if (graph == null) {
            throw new DataException(where + ": not an ONNX model (no graph)");
        }
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        Reader g = new Reader(graph, where);
        while (g.hasMore()) {
            int key = g.key();
            int field = key >>> 3;
            if (field == 5 && (key & 7) == 2) {
                readInitializer(g.bytes(), where, wanted, initializers);
            } else if (field == 1 && (key & 7) == 2) {
                nodes.add(readNode(g.bytes(), where));
            } else {
                g.skip(key);
            }
        }
        return new Graph(initializers, nodes);
    }

    /** Names anonymous MatMul weights after their bias, transposes named linear weights, strips a common prefix. */
    private static Map<String, Tensor> name(Graph graph, String where) {
        Map<String, Tensor> initializers = graph.initializers();
        List<Node> nodes = graph.nodes();
        Map<String, Node> addByInput = new HashMap<>();
        for (Node node : nodes) {
            if (node.op().equals("Add")) {
                node.inputs().forEach(input -> addByInput.put(input, node));
            }
        }
        Map<String, Tensor> named = new LinkedHashMap<>();
        Map<String, String> matMulWeights = new HashMap<>();
        for (Node node : nodes) {
            if (!node.op().equals("MatMul") || node.inputs().size() != 2 || node.outputs().isEmpty()
                    || !initializers.containsKey(node.inputs().get(1))) {
                continue;
            }
            Node add = addByInput.get(node.outputs().get(0));
            String bias = add == null ? null : add.inputs().stream()
                    .filter(i -> i.endsWith(".bias") && initializers.containsKey(i)).findFirst().orElse(null);
            if (bias == null) {
                throw new DataException(where + ": the weight " + node.inputs().get(1) + " of MatMul node "
                        + node.name() + " has no bias added after it, so its layer cannot be named");
            }
            matMulWeights.put(node.inputs().get(1), bias.substring(0, bias.length() - ".bias".length()) + ".weight");
        }
        for (Map.Entry<String, Tensor> entry : initializers.entrySet()) {
            String name = entry.getKey();
            Tensor tensor = entry.getValue();
            if (matMulWeights.containsKey(name)) {
                named.put(matMulWeights.get(name), tensor);
            } else if (name.endsWith(".weight") && tensor.dims().length == 2 && !name.contains("embeddings.")) {
                // A linear weight kept under its PyTorch name is stored [out, in].
                named.put(name, transpose(tensor));
            } else {
                named.put(name, tensor);
            }
        }
        String anchor = "embeddings.word_embeddings.weight";
        String prefix = named.keySet().stream().filter(n -> n.endsWith(anchor)).findFirst()
                .map(n -> n.substring(0, n.length() - anchor.length()))
                .orElseThrow(() -> new DataException(where + ": not a BERT-style model (no " + anchor + ")"));
        Map<String, Tensor> out = new LinkedHashMap<>();
        named.forEach((name, tensor) -> out.put(name.startsWith(prefix) ? name.substring(prefix.length()) : name,
                tensor));
        return out;
    }

    private static Tensor transpose(Tensor t) {
        int rows = (int) t.dims()[0];
        int columns = (int) t.dims()[1];
        float[] out = new float[t.values().length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = t.values()[r * columns + c];
            }
        }
        return new Tensor(new long[] {columns, rows}, out);
    }

    private record Node(String op, String name, List<String> inputs, List<String> outputs) {
    }

    private static Node readNode(ByteBuffer bytes, String where) {
        Reader r = new Reader(bytes, where);
        String op = "";
        String name = "";
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (r.hasMore()) {
            int key = r.key();
            switch (key >>> 3) {
                case 1 -> inputs.add(r.string());
                case 2 -> outputs.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                default -> r.skip(key);
            }
        }
        return new Node(op, name, inputs, outputs);
    }

    private static void readInitializer(ByteBuffer bytes, String where, java.util.function.Predicate<String> wanted,
                                        Map<String, Tensor> out) {
        Reader r = new Reader(bytes, where);
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = null;
        ByteBuffer raw = null;
        ByteBuffer floats = null;
        boolean external = false;
        while (r.hasMore()) {
            int key = r.key();
            int field = key >>> 3;
            if (field == 1 && (key & 7) == 0) {
                dims.add(r.varint());
            } else if (field == 1 && (key & 7) == 2) {
                Reader packed = new Reader(r.bytes(), where);
                while (packed.hasMore()) {
                    dims.add(packed.varint());
                }
            } else if (field == 2 && (key & 7) == 0) {
                dataType = (int) r.varint();
            } else if (field == 4 && (key & 7) == 2) {
                floats = r.bytes();
            } else if (field == 8 && (key & 7) == 2) {
                name = r.string();
            } else if (field == 9 && (key & 7) == 2) {
                raw = r.bytes();
            } else if (field == 14 && (key & 7) == 0) {
                external = r.varint() == 1;
            } else {
                r.skip(key);
            }
        }
        if (name == null || dataType != FLOAT || !wanted.test(name)) {
            return;
        }
        if (external) {
            throw new DataException(where + ": initializer " + name + " keeps its data in an external file; only "
                    + "self-contained ONNX models can be read");
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        ByteBuffer data = raw != null ? raw : floats;
        if (data == null || data.remaining() != size * 4) {
            throw new DataException(where + ": initializer " + name + " should hold " + size + " floats but has "
                    + (data == null ? 0 : data.remaining()) + " bytes");
        }
        float[] values = new float[(int) size];
        data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        out.put(name, new Tensor(shape, values));
    }

    /** Protobuf wire format: varints, length-delimited fields, and skipping of everything else. */
    private static final class Reader {
        private final ByteBuffer buffer;
        private final String where;

        Reader(ByteBuffer buffer, String where) {
            this.buffer = buffer.slice();
            this.where = where;
        }

        boolean hasMore() {
            return buffer.hasRemaining();
        }

        int key() {
            return (int) varint();
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (!buffer.hasRemaining()) {
                    throw corrupt();
                }
                byte b = buffer.get();
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw corrupt();
        }

        ByteBuffer bytes() {
            long length = varint();
            if (length < 0 || length > buffer.remaining()) {
                throw corrupt();
            }
            ByteBuffer slice = buffer.slice();
            slice.limit((int) length);
            buffer.position(buffer.position() + (int) length);
            return slice;
        }

        String string() {
            ByteBuffer b = bytes();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return new String(out, StandardCharsets.UTF_8);
        }

        void skip(int key) {
            switch (key & 7) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> bytes();
                case 5 -> advance(4);
                default -> throw corrupt();
            }
        }

        private void advance(int n) {
            if (buffer.remaining() < n) {
                throw corrupt();
            }
            buffer.position(buffer.position() + n);
        }

        private DataException corrupt() {
            return new DataException(where + ": not a readable ONNX model (corrupt protobuf)");
        }
    }
}
