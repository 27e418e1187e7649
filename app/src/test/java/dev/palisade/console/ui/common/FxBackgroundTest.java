package dev.palisade.console.ui.common;

import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's background pool against a server that stops answering (headless FX thread, no server needed). */
@ExtendWith(ApplicationExtension.class)
class FxBackgroundTest {

    @Start
    void start(Stage stage) { }

    @Test
    void workBeyondWhatMayWaitForAStuckServerFailsAtOnceSayingSoAndTheRestStillRuns() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        int asked = 200; // a minute and more of polls against a server that does not answer
        try (FxBackground background = new FxBackground()) {
            for (int i = 0; i < asked; i++) {
                background.run(() -> stuck.await(30, TimeUnit.SECONDS), ok -> answered.incrementAndGet(),
                        t -> failures.add(t.getMessage()));
            }
            // each refusal was handed to the FX thread as it was refused: once what is queued there has run, all are in
            CountDownLatch delivered = new CountDownLatch(1);
            Platform.runLater(delivered::countDown);
            assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(failures).isNotEmpty().allSatisfy(m -> assertThat(m).contains("has not answered"));
            int refused = failures.size();
            assertThat(refused).as("some work still waits for the server").isLessThan(asked);
            stuck.countDown(); // the server answers again
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> answered.get() == asked - refused);
            CountDownLatch drained = new CountDownLatch(1);
            Platform.runLater(drained::countDown);
            drained.await(5, TimeUnit.SECONDS);
            assertThat(background.inFlight().get()).as("nothing counted as in flight").isZero();
        }
    }

    @Test
    void workThatFailsWithAnErrorIsSaidToHaveFailedAndNoLongerCountedInFlight() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (FxBackground background = new FxBackground()) {
            background.run(() -> {
                throw new StackOverflowError("a reply nested too deep to read");
            }, ok -> { }, failures::add);
            // before, an Error passed by the pool's catch: no failure was said, and the window showed work in flight
            // for good (a view waiting for its answer, such as the Users page, stayed stuck)
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> failures.size() == 1);
            assertThat(failures.get(0)).as("said with a message a view can show")
                    .hasMessageContaining("StackOverflowError: a reply nested too deep to read")
                    .hasCauseInstanceOf(StackOverflowError.class);
            CountDownLatch drained = new CountDownLatch(1);
            Platform.runLater(drained::countDown);
            drained.await(5, TimeUnit.SECONDS);
            assertThat(background.inFlight().get()).isZero();
        }
    }
}
