"""What the commands of ``surveybot`` share: building the services, checking names and
send times, and turning a failure into one line that says what to fix."""
