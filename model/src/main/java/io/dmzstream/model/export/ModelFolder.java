package io.dmzstream.model.export;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model folder on disk ({@code model/zoo/NAME}): reads and writes its manifest and checks every
 * file against the recorded sha256, failing with an error that names the file.
 */
public final class ModelFolder {
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    public ModelFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * sha256 of every file under the folder except the manifest itself, keyed by relative path.
     * A subfolder with a manifest of its own (a model's {@code prior/}) is a separate artifact with
     * its own hashes, and is left out.
     */
    public Map<String, String> hashFiles() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().equals(Manifest.FILE) && !inNestedArtifact(p)) {
                    out.put(dir.relativize(p).toString().replace('\\', '/'), sha256(p));
                }
            }
        }
        return out;
    }

    private boolean inNestedArtifact(Path file) {
        for (Path d = file.getParent(); d != null && !d.equals(dir); d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(Manifest.FILE))) {
                return true;
            }
        }
        return false;
    }

    public void writeManifest(Manifest manifest) throws IOException {
        JSON.writeValue(dir.resolve(Manifest.FILE).toFile(), manifest);
    }

    /** Reads the manifest and verifies the folder against it. */
    public Manifest verify() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ModelFolderException("model folder not found: " + dir);
        }
        Path file = dir.resolve(Manifest.FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelFolderException("missing " + file + " (a model folder needs the manifest written by `train`)");
        }
        Manifest m;
        try {
            m = JSON.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new ModelFolderException("unreadable manifest " + file + ": " + e.getMessage());
        }
        if (m.files() == null || m.files().isEmpty()) {
            throw new ModelFolderException(file + " lists no files");
        }
        for (var e : m.files().entrySet()) {
            Path p = dir.resolve(e.getKey());
            if (!Files.isRegularFile(p)) {
                throw new ModelFolderException("model file missing: " + p);
            }
            String actual = sha256(p);
            if (!actual.equals(e.getValue())) {
                throw new ModelFolderException("model file corrupt (sha256 mismatch): " + p
                        + " expected " + e.getValue() + " got " + actual);
            }
        }
        return m;
    }

    public static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A model folder that cannot be used; the message names the offending file. */
    public static final class ModelFolderException extends IOException {
        public ModelFolderException(String message) {
            super(message);
        }
    }
}
