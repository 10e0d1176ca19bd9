package io.mre4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real {@code mre4j} command in-process and captures what it prints. */
record Cli(int code, String out, String err) {
    static Cli run(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Mre4j.execute(strings, new PrintWriter(out), new PrintWriter(err));
        return new Cli(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
