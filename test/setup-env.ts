// Unit tests skip aws-cdk-lib's CloudFormation validation (slow); test/compliance runs it once per stack.
process.env.CDK_VALIDATION = 'false';
