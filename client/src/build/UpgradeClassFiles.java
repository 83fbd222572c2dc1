import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the class files in a jar that are older than Java 6 (version 50) as Java 8 class files with stack maps,
 * computed by ASM; every other entry is copied as it is. Such old class files (picocli's are Java 5's, version 49)
 * are left out of class-data-sharing archives, so each start reads them from the jar, and the JVM checks them with
 * its old type-inferring verifier, several times slower than the one that reads stack maps. The code is unchanged.
 *
 * <p>Run as a source file, with ASM on the class path: {@code java -cp asm.jar UpgradeClassFiles.java JAR}.
 */
public final class UpgradeClassFiles {
    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: UpgradeClassFiles JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        // Stack maps name the common superclass of types that meet; ASM finds it by loading the jar's classes (not
        // initialized), so the loader sees the jar alone over the JDK's own classes.
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
             ZipInputStream in = new ZipInputStream(new BufferedInputStream(Files.newInputStream(jar)));
             ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(rewritten)))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                int version = version(bytes);
                if (entry.getName().endsWith(".class") && version >= 0 && version < JAVA_6) {
                    bytes = upgrade(bytes, classes);
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(rewritten);
            throw e;
        }
        if (upgraded == 0) {
            Files.delete(rewritten);
            return;
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("upgrade-class-files: " + upgraded + " class files of " + jar.getFileName()
                + " rewritten as Java 8's");
    }

    /** The major version of a class file, or -1 when the bytes are not one. */
    private static int version(byte[] bytes) {
        if (bytes.length < 8 || (bytes[0] & 0xff) != 0xca || (bytes[1] & 0xff) != 0xfe || (bytes[2] & 0xff) != 0xba
                || (bytes[3] & 0xff) != 0xbe) {
            return -1;
        }
        return (bytes[6] & 0xff) << 8 | bytes[7] & 0xff;
    }

    private static byte[] upgrade(byte[] bytes, ClassLoader classes) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return classes;
            }
        };
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
