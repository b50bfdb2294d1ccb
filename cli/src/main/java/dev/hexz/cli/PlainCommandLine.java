package dev.hexz.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command line simple enough to run without picocli: the command, at most one positional
 * argument, and options from a short list — flags, and options that take a value ({@code -m MSG},
 * {@code --message MSG}, {@code --message=MSG}), each at most once.
 *
 * <p>Why: picocli builds its model of a command by reflection, and its classes cannot be
 * class-data-shared (class-file version 49), ~0.3 s of a fresh JVM. The commands users run over
 * and over on a workspace ({@code status}, {@code commit}) are answered without it when their
 * command line is plain; anything else (help, a typo, a value that looks like an option, a
 * repeated option) returns null and goes the ordinary way, so its messages stay picocli's.
 *
 * @param positional the positional argument, or null
 * @param options the options given, by their first (canonical) name; flags map to ""
 */
record PlainCommandLine(String positional, Map<String, String> options) {

    /** One option: its names (the first is canonical) and whether it takes a value. */
    record Spec(List<String> names, boolean takesValue) {
    }

    String option(String name) {
        return options.get(name);
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    /** {@code args} parsed if it is {@code command} with only {@code specs} options, else null. */
    static PlainCommandLine parse(String[] args, String command, List<Spec> specs) {
        if (args.length == 0 || !args[0].equals(command)) {
            return null;
        }
        String positional = null;
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                if (a.isEmpty() || positional != null) {
                    return null;
                }
                positional = a;
                continue;
            }
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            Spec spec = find(specs, name);
            if (spec == null || options.containsKey(spec.names().get(0))) {
                return null;
            }
            if (spec.takesValue()) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        return null;
                    }
                    value = args[++i];
                }
                if (value.startsWith("-")) {
                    return null; // picocli decides what "-m -x" means
                }
            } else if (value != null) {
                return null;
            } else {
                value = "";
            }
            options.put(spec.names().get(0), value);
        }
        return new PlainCommandLine(positional, options);
    }

    private static Spec find(List<Spec> specs, String name) {
        for (Spec s : specs) {
            if (s.names().contains(name)) {
                return s;
            }
        }
        return null;
    }
}
