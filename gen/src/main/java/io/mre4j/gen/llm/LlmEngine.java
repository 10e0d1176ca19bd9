package io.mre4j.gen.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.mre4j.core.doc.Document;
import io.mre4j.core.doc.Schema;
import io.mre4j.core.engine.ExtractionEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Joint extraction by an LLM behind an OpenAI-compatible or Ollama server (DESIGN §4, engine 2). For each text: the
 * GIELLM-style prompt ({@link PromptTemplate}) with the {@code shots} most similar training examples, the constraint
 * for the server (a JSON schema, or a GBNF grammar that also grounds entities in the text; {@link ServerConstraint}),
 * then {@link AnswerRepair}. An answer that needed repair is asked again
 * once, with what was wrong in the prompt; the better of the two repaired answers (fewer problems; the first on a tie)
 * is kept. Every output parses and every span is grounded. Documents are sent {@code maxConcurrency} at a time.
 */
public final class LlmEngine implements ExtractionEngine {
    private final Schema schema;
    private final ChatClient client;
    private final ShotSelector shots;
    private final int shotCount;
    private final ServerConstraint constraint;
    private final AtomicReference<AnswerRepair.Counts> counts = new AtomicReference<>(AnswerRepair.Counts.ZERO);
    private final AtomicInteger validationRetries = new AtomicInteger();
    private final ExecutorService pool;

    /**
     * @param schema    the task: candidate labels, entity types, single- or multi-label
     * @param client    the server
     * @param shots     where in-context examples come from, or null for none
     * @param shotCount how many examples each prompt gets
     * @param constraint how the server is told the answer's constraint
     */
    public LlmEngine(Schema schema, ChatClient client, ShotSelector shots, int shotCount,
                     ServerConstraint constraint) {
        this.schema = schema;
        this.client = client;
        this.shots = shots;
        this.shotCount = shots == null ? 0 : shotCount;
        this.constraint = constraint;
        this.pool = Executors.newFixedThreadPool(client.settings().maxConcurrency(), r -> {
            Thread t = new Thread(r, "mre4j-llm");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Schema schema() {
        return schema;
    }

    /** The repairs over every answer so far. */
    public AnswerRepair.Counts counts() {
        return counts.get();
    }

    /** Texts asked a second time because the first answer needed repair. */
    public int validationRetries() {
        return validationRetries.get();
    }

    public ChatClient client() {
        return client;
    }

    @Override
    public List<Document> extract(List<Document> inputs) {
        List<Future<Document>> futures = new ArrayList<>(inputs.size());
        for (Document d : inputs) {
            futures.add(pool.submit(() -> extractOne(d)));
        }
        List<Document> out = new ArrayList<>(inputs.size());
        for (Future<Document> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmException("interrupted", 0);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new LlmException(e.getCause().toString(), 0);
            }
        }
        return out;
    }

    private Document extractOne(Document input) {
        PromptTemplate template = PromptTemplate.forLanguage(input.lang(), schema);
        AnswerRepair repair = new AnswerRepair(schema, template.dialect());
        JsonNode jsonSchema = constraint == ServerConstraint.SCHEMA ? AnswerSchema.of(schema) : null;
        String grammar = constraint == ServerConstraint.GRAMMAR
                ? AnswerGrammar.gbnf(schema, input.text(), input.lang()) : null;
        List<Document> examples = shots == null ? List.of() : shots.select(input.text(), shotCount);
        List<ChatMessage> messages = new ArrayList<>(template.messages(input, examples));
        String answer = client.complete(messages, jsonSchema, grammar);
        AnswerRepair.Result result = repair.repair(input, answer);
        if (!result.counts().clean()) {
            validationRetries.incrementAndGet();
            messages.add(ChatMessage.assistant(answer));
            messages.add(template.retry(result.problems()));
            AnswerRepair.Result second = repair.repair(input, client.complete(messages, jsonSchema, grammar));
            add(result.counts());
            if (second.problems().size() < result.problems().size()) {
                result = second;
            }
            add(second.counts());
        } else {
            add(result.counts());
        }
        return result.document();
    }

    private void add(AnswerRepair.Counts c) {
        counts.accumulateAndGet(c, AnswerRepair.Counts::plus);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
