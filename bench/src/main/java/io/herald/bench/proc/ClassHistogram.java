package io.herald.bench.proc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's live objects by class, from {@code jcmd <pid> GC.class_histogram} (which runs a full GC
 * first). Two of them, taken before and after something, say what it added to the heap and which
 * classes hold it.
 */
public final class ClassHistogram {
    private static final Pattern ROW =
            Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** What one class holds: instances and bytes (shallow). */
    public record Entry(String className, long instances, long bytes) {}

    private final Map<String, Entry> byClass;

    private ClassHistogram(Map<String, Entry> byClass) {
        this.byClass = byClass;
    }

    /** The live objects of JVM {@code pid}, after a full GC. */
    public static ClassHistogram of(long pid) throws IOException, InterruptedException {
        return parse(Jvm.jcmd(pid, "GC.class_histogram"));
    }

    /** Parses {@code GC.class_histogram}'s output. */
    static ClassHistogram parse(String text) {
        Map<String, Entry> byClass = new HashMap<>();
        Matcher m = ROW.matcher(text);
        while (m.find()) {
            String name = m.group(3);
            byClass.merge(
                    name,
                    new Entry(name, Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                    (a, b) ->
                            new Entry(name, a.instances() + b.instances(), a.bytes() + b.bytes()));
        }
        if (byClass.isEmpty()) {
            throw new IllegalArgumentException("not a class histogram: " + text);
        }
        return new ClassHistogram(byClass);
    }

    /**
     * Every class of this histogram that changed since {@code before}, with its growth in instances
     * and bytes (negative where it shrank), the most bytes first. A class gone since is left out.
     */
    public List<Entry> growthSince(ClassHistogram before) {
        List<Entry> changed = new ArrayList<>();
        for (Entry after : byClass.values()) {
            Entry was = before.byClass.get(after.className());
            long bytes = after.bytes() - (was == null ? 0 : was.bytes());
            long instances = after.instances() - (was == null ? 0 : was.instances());
            if (bytes != 0 || instances != 0) {
                changed.add(new Entry(after.className(), instances, bytes));
            }
        }
        changed.sort(Comparator.comparingLong(Entry::bytes).reversed());
        return changed;
    }
}
