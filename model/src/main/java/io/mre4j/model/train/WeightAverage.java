package io.mre4j.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.mre4j.model.Djl;

import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a network's weights (Polyak averaging), updated after every optimiser step. The
 * average sits in a flatter region of the loss than the last step's weights, so dev scores fluctuate less from epoch
 * to epoch and early stopping picks a steadier model. {@link #swap()} exchanges the averaged and the live weights in
 * place, so that the optimiser's references to the parameters stay valid.
 */
public final class WeightAverage implements AutoCloseable {
    private final NDManager manager;
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> averages = new ArrayList<>();
    private final float decay;
    private long steps;

    /**
     * @param decay the weight of the old average at each step; early steps use less ({@code (1+n)/(10+n)}), so the
     *              average does not hold on to the random initialisation
     */
    public WeightAverage(Block network, NDManager parent, float decay) {
        this.manager = parent.newSubManager();
        this.decay = decay;
        Djl.withoutGradients(() -> {
            for (Parameter p : network.getParameters().values()) {
                if (!p.requiresGradient()) {
                    continue; // frozen (a pretrained encoder trained heads-only): nothing to average
                }
                NDArray weight = p.getArray();
                NDArray average = weight.duplicate();
                average.attach(manager);
                weights.add(weight);
                averages.add(average);
            }
        });
    }

    /** Moves the average towards the current weights. */
    public void update() {
        steps++;
        float d = Math.min(decay, (1f + steps) / (10f + steps));
        Djl.withoutGradients(() -> {
            for (int i = 0; i < weights.size(); i++) {
                try (NDArray scaled = weights.get(i).mul(1f - d)) {
                    averages.get(i).muli(d).addi(scaled);
                }
            }
        });
    }

    /** Exchanges the averaged weights and the live ones; calling it twice restores the live weights. */
    public void swap() {
        Djl.withoutGradients(() -> {
            for (int i = 0; i < weights.size(); i++) {
                NDArray weight = weights.get(i);
                NDArray average = averages.get(i);
                try (NDArray live = weight.duplicate()) {
                    weight.muli(0).addi(average);
                    average.muli(0).addi(live);
                }
            }
        });
    }

    @Override
    public void close() {
        manager.close();
    }
}
