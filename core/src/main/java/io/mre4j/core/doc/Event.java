package io.mre4j.core.doc;

import java.util.List;

/**
 * An event: a trigger span (by index in the document's span list), an event type, and arguments that give a role to
 * other spans.
 */
public record Event(int trigger, String type, List<Argument> arguments) {
    public Event {
        arguments = List.copyOf(arguments);
    }

    /** One argument of an event: a role filled by the span at {@code span} in the document's span list. */
    public record Argument(String role, int span) {
    }
}
