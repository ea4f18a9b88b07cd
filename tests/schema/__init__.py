"""The schema stage: the ODD, the schemas generated from it, and the fixtures that prove each rule."""
