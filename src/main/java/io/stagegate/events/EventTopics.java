package io.stagegate.events;

/** The topic of each event schema. */
public record EventTopics(String query, String feedback, String training, String shadow) {
    public EventTopics {
        for (String t : new String[] {query, feedback, training, shadow}) {
            if (t == null || !t.matches("[A-Za-z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("topic names must be 1-249 characters of [A-Za-z0-9._-], was '" + t + "'");
            }
        }
    }

    /** Every topic, for creating them. */
    public java.util.List<String> all() {
        return java.util.List.of(query, feedback, training, shadow);
    }

    public String topicFor(Event event) {
        return switch (event) {
            case QueryEvent q -> query;
            case FeedbackEvent f -> feedback;
            case TrainingEvent t -> training;
            case ShadowEvent s -> shadow;
        };
    }
}
