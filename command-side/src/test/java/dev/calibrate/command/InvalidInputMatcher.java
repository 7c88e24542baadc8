package dev.calibrate.command;

import dev.calibrate.kernel.error.InvalidInput;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;

import static org.hamcrest.Matchers.equalTo;

/**
 * Matches an {@link InvalidInput} by the field it names: the field is what a client sees in the
 * 400 problem, so a rejection that names the wrong field is a wrong rejection.
 */
public final class InvalidInputMatcher extends FeatureMatcher<InvalidInput, String> {

    private InvalidInputMatcher(String field) {
        super(equalTo(field), "an InvalidInput naming field", "field");
    }

    public static Matcher<InvalidInput> invalidInputNaming(String field) {
        return new InvalidInputMatcher(field);
    }

    @Override
    protected String featureValueOf(InvalidInput rejection) {
        return rejection.field();
    }
}
