import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a macOS {@code .icns} from the rendered PNGs, so the icon set needs nothing beyond a JDK
 * and ImageMagick (iconutil exists only on macOS). Run as a single-file program:
 * {@code java Icns.java png-dir out.icns}.
 *
 * <p>An icns file is the magic {@code icns} and the total length, then one element per size:
 * a four-letter type, the element's length (header included) and the PNG bytes. Since macOS 10.7
 * every type below may hold PNG data; the {@code @2x} types reuse the next size up.
 */
public final class Icns {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java Icns.java <png-dir> <out.icns>");
            System.exit(2);
        }
        Path pngs = Path.of(args[0]);
        Map<String, Integer> types = new LinkedHashMap<>();
        types.put("icp4", 16);    // 16x16
        types.put("ic11", 32);    // 16x16@2x
        types.put("icp5", 32);    // 32x32
        types.put("ic12", 64);    // 32x32@2x
        types.put("ic07", 128);   // 128x128
        types.put("ic13", 256);   // 128x128@2x
        types.put("ic08", 256);   // 256x256
        types.put("ic14", 512);   // 256x256@2x
        types.put("ic09", 512);   // 512x512
        types.put("ic10", 1024);  // 512x512@2x

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        for (Map.Entry<String, Integer> t : types.entrySet()) {
            byte[] png = Files.readAllBytes(pngs.resolve("palisade-" + t.getValue() + ".png"));
            if (!Arrays.equals(Arrays.copyOf(png, 8), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})) {
                throw new IOException("palisade-" + t.getValue() + ".png is not a PNG");
            }
            out.write(t.getKey().getBytes(StandardCharsets.US_ASCII));
            out.writeInt(8 + png.length);
            out.write(png);
        }
        out.flush();

        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream head = new DataOutputStream(file);
        head.write("icns".getBytes(StandardCharsets.US_ASCII));
        head.writeInt(8 + body.size());
        head.write(body.toByteArray());
        head.flush();
        Files.write(Path.of(args[1]), file.toByteArray());
        System.out.println("wrote " + args[1] + " (" + types.size() + " sizes, " + file.size() + " bytes)");
    }
}
